"""The page cache: what anonymous visitors get is rendered once and served from the
cache until it stops being true, and not a moment longer.

- A hit costs no SQL and no session or cookie work: this middleware sits above the
  session middleware and answers before it. Requests that carry a session cookie
  (staff) and the admin never touch the cache; only responses the HTTP caching
  middleware marked ``public`` are stored.
- Invalidation is exact. Every entry carries the content *generation* it was rendered
  in, a counter in the cache itself, and only serves while that is still the current
  one, so every server sharing the cache sees a bump at once.
  A change to public content bumps it when its transaction commits (``invalidate``).
  A change by the clock (a go-live, an expiry, an alert starting or ending) needs no
  bump: each entry carries the moment it stops being true (``valid_until``) and is a
  miss from then on.
- A stampede of misses for one page renders it once: the first request takes a short
  lock and renders; the others wait briefly for its result.
- When the database is unreachable (the page below answers 503), the last good copy of
  a page is served, with an ``Age`` header saying how old it is; pages never cached
  keep the 503.
- Pages rendered by one release of the code are never served by another: the keys
  carry the release (``RELEASE``, or a fingerprint of the code and templates), so a
  deploy that changes a template shows at once, on every server that runs it.
- When the cache itself is unreachable, pages are rendered as if there were no cache,
  and the failure is logged once a minute rather than on every request.
"""

import contextlib
import functools
import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

logger = logging.getLogger(__name__)

GENERATION_KEY = "page:generation"
SERVICE_UNAVAILABLE = 503
# After a page finds the database down, misses with a stored copy skip it this long.
DATABASE_DOWN_KEY = "page:database-down"
DATABASE_DOWN_SECONDS = 5
# How long a follower waits for the leader's render before rendering itself.
WAIT_SECONDS = 3.0
WAIT_STEP = 0.02
LOCK_SECONDS = 10
# The last good copy of each page, for when the database is down.
STALE_SECONDS = 7 * 24 * 60 * 60
KEPT_HEADERS = (
    "Content-Type",
    "Cache-Control",
    "ETag",
    "Last-Modified",
    "Vary",
    "Content-Language",
    "Content-Disposition",
    "Link",
)


def now():
    # The site's clock, not the OS's, so that tests can move it past a go-live.
    return timezone.now().timestamp()


class CacheDown(Exception):
    """The cache could not be reached; the caller renders without it."""


_last_complaint = 0.0
_pending_invalidation = False


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def safely(operation, *args, **kwargs):
    """Run a cache operation; an unreachable cache is logged (once a minute) and raised
    as ``CacheDown`` so that callers can carry on without it."""
    global _last_complaint
    try:
        return getattr(cache(), operation)(*args, **kwargs)
    except ValueError:
        raise  # a missing key to increment: an answer, not a failure
    except Exception as error:
        moment = time.monotonic()
        if moment - _last_complaint > 60:
            _last_complaint = moment
            logger.warning("Page cache unavailable, serving uncached: %s", error)
        raise CacheDown from error


def generation():
    if _pending_invalidation:
        invalidate()
    current = safely("get", GENERATION_KEY)
    if current is None:
        # A fresh (or evicted) counter starts from the clock, so it never revisits a
        # generation whose entries might still be stored.
        safely("add", GENERATION_KEY, time.time_ns(), timeout=None)
        current = safely("get", GENERATION_KEY)
    return current


def invalidate():
    """Everything cached so far is out of date. Call after the change has committed."""
    global _pending_invalidation
    try:
        try:
            safely("incr", GENERATION_KEY)
        except ValueError:
            safely("add", GENERATION_KEY, time.time_ns(), timeout=None)
    except CacheDown:
        # The cache may come back with its entries: bump before this process next uses it.
        _pending_invalidation = True
    else:
        _pending_invalidation = False


def request_key(request):
    return f"{request.get_host()}{request.get_full_path()}"


def page_key(key):
    # One key a page, holding its last good copy and the generation it belongs to: a
    # hit is one round trip for both, and the same copy serves an outage.
    return f"page:{release()}:{key}"


# What makes up a release: the code and what it renders, not the content or the data.
RELEASE_FILES = ("*.py", "*.html", "*.css", "*.js", "*.po")


@functools.cache
def release():
    """``RELEASE`` when the deploy names it (e.g. a commit), else a fingerprint of the
    code's files: the same on every server running the same code, computed once."""
    if settings.RELEASE:
        return settings.RELEASE
    base = settings.BASE_DIR
    folders = [path for path in base.iterdir() if (path / "__init__.py").exists()]
    folders += [base / name for name in ("templates", "static", "locale")]
    digest = hashlib.sha256()
    for folder in sorted(folders):
        for pattern in RELEASE_FILES:
            for path in sorted(folder.rglob(pattern)):
                digest.update(path.relative_to(base).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def lookup(key):
    """The current generation and the page's stored copy, in one round trip."""
    if _pending_invalidation:
        invalidate()
    found = safely("get_many", [GENERATION_KEY, page_key(key)])
    current = found.get(GENERATION_KEY)
    if current is None:
        current = generation()
    return current, found.get(page_key(key))


def lock_key(current, key):
    return f"page:lock:{current}:{key}"


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(settings.PAGE_CACHE_SKIP_PREFIX)
    )


def is_storable(response):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return (
        response.status_code == 200
        and "public" in directives
        and not directives & {"private", "no-store"}
        and not response.cookies
        and not response.streaming
    )


def freeze(response):
    """What is kept of a response: its body and the headers a copy needs."""
    valid_until = getattr(response, "valid_until", None)
    return {
        "status": response.status_code,
        "content": response.content,
        "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        "stored_at": now(),
        "valid_until": valid_until.timestamp() if valid_until else None,
    }


def thaw(request, entry, age=False):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    if age:
        response["Age"] = str(max(0, int(now() - entry["stored_at"])))
    last_modified = parse_http_date_safe(entry["headers"].get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=entry["headers"].get("ETag"), last_modified=last_modified, response=response
    )


def is_current(entry):
    """Still true by the clock: before the next go-live, expiry or alert change, and
    younger than PAGE_CACHE_SECONDS."""
    if entry is None or now() - entry["stored_at"] >= settings.PAGE_CACHE_SECONDS:
        return False
    return entry["valid_until"] is None or now() < entry["valid_until"]


def is_fresh(entry, current):
    return entry is not None and entry.get("generation") == current and is_current(entry)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = request_key(request)
        try:
            current, entry = lookup(key)
        except CacheDown:
            return self.get_response(request)
        if is_fresh(entry, current):
            return thaw(request, entry)
        return self.render_once(request, current, key)

    def render_once(self, request, current, key):
        """Render a missed page, once however many requests want it at the same time."""
        token = uuid.uuid4().hex
        try:
            if safely("get", DATABASE_DOWN_KEY):
                # A hung database costs each attempt its connect timeout: while it was
                # just seen down, a stored copy is answered at once.
                stale = self.stale_copy(key)
                if stale is not None:
                    return thaw(request, stale, age=True)
            leader = safely("add", lock_key(current, key), token, timeout=LOCK_SECONDS)
            if not leader:
                entry = self.wait_for(current, key)
                if entry is not None:
                    return thaw(request, entry)
            response = self.render(request, key)
            if is_storable(response) and request.method == "GET":
                self.store(current, key, response)
            if leader:
                safely("delete", lock_key(current, key))
            return response
        except CacheDown:
            return self.get_response(request)

    def wait_for(self, current, key):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            entry = safely("get", page_key(key))
            if is_fresh(entry, current):
                return entry
            if safely("get", lock_key(current, key)) is None:
                return None  # the leader gave up (its page was not cacheable)
        return None

    def render(self, request, key):
        response = self.get_response(request)
        if response.status_code == SERVICE_UNAVAILABLE:
            # The database is down (see portal.faults): an older true page beats none.
            self.remember_database_down()
            stale = self.stale_copy(key)
            if stale is not None:
                return thaw(request, stale, age=True)
        return response

    def remember_database_down(self):
        with contextlib.suppress(CacheDown):
            safely("set", DATABASE_DOWN_KEY, True, timeout=DATABASE_DOWN_SECONDS)

    def stale_copy(self, key):
        try:
            return safely("get", page_key(key))
        except CacheDown:
            return None

    def store(self, current, key, response):
        entry = {**freeze(response), "generation": current}
        if is_current(entry):
            # Kept well past its freshness: the same copy is what an outage serves.
            safely("set", page_key(key), entry, timeout=STALE_SECONDS)
