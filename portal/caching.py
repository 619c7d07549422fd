"""HTTP caching for partners, feed readers and proxies, decided in one place.

Anonymous visitors get shared-cacheable responses with validators
(``Last-Modified`` and ``ETag``) so a conditional request costs a 304. Anything
a signed-in person sees (the admin, draft previews) may hold unpublished
content, so it is ``private, no-store`` and never carries validators.
"""

import datetime
import functools
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from publishing.models import Publishable

# Templates and code change only on deploy; a restart counts as a change.
STARTED_AT = timezone.now()

PRIVATE = "private, no-store"


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


@functools.cache
def content_state_sql():
    """One statement for everything a public page shows: each table's latest edit, the
    latest moment a time-driven change took effect (a go-live, an expiry, an alert
    starting or ending), and the next such moment to come.

    Built once per process: compiling ten ORM querysets on every request cost more
    than running the statement.
    """
    from publishing.models import SiteAlert

    from .models import Synonym

    quote = connection.ops.quote_name
    sources = [
        (model._meta.db_table, ["published_at", "expires_at"]) for model in publishable_models()
    ]
    sources.append((SiteAlert._meta.db_table, ["starts_at", "ends_at"]))
    # Search synonyms change what search pages list; they have no go-live time.
    sources.append((Synonym._meta.db_table, []))
    parts, parameters = [], 0
    for table, timed in sources:
        columns = [f"MAX({quote('updated_at')})"]
        for column in timed:
            name = quote(column)
            columns.append(f"MAX(CASE WHEN {name} <= %s THEN {name} END)")
            columns.append(f"MIN(CASE WHEN {name} > %s THEN {name} END)")
        parameters += 2 * len(timed)
        # Every part has the same five columns; a table without timed columns has none to give.
        columns += ["NULL"] * (5 - len(columns))
        parts.append(f"SELECT {', '.join(columns)} FROM {quote(table)}")  # noqa: S608
    return " UNION ALL ".join(parts), parameters


def as_aware(stamp):
    # SQLite hands back text for aggregates over datetimes; PostgreSQL a datetime.
    if isinstance(stamp, str):
        stamp = parse_datetime(stamp)
    if stamp is not None and timezone.is_naive(stamp):
        stamp = timezone.make_aware(stamp, datetime.UTC)
    return stamp


@dataclass(frozen=True)
class ContentState:
    """When public content last changed, and when it next changes by the clock alone."""

    last_modified: datetime.datetime
    next_transition: datetime.datetime | None

    def seconds_until_next(self, now=None):
        if self.next_transition is None:
            return None
        return max(0, int((self.next_transition - (now or timezone.now())).total_seconds()))


def content_state():
    """Admin inlines (milestones, awards, contact channels) save their parent, so the
    parent's ``updated_at`` covers them."""
    sql, count = content_state_sql()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        # Only quoted table and column names from the models are in the text; the time
        # is a parameter.
        cursor.execute(sql, [now] * count)
        rows = cursor.fetchall()
    past, future = [STARTED_AT], []
    for row in rows:
        stamps = [as_aware(stamp) for stamp in row]
        # Columns: latest edit, then (latest past, earliest future) per timed column.
        past.extend(stamp for stamp in [stamps[0], *stamps[1::2]] if stamp is not None)
        future.extend(stamp for stamp in stamps[2::2] if stamp is not None)
    return ContentState(max(past), min(future, default=None))


def next_local_midnight():
    """Pages word events and timeline steps by today's date ("took place", "planned"),
    so a stored page goes out of date when Portland's day ends, even if no content
    changed. Shared caches keep a page for minutes only, so this bounds the page cache.
    """
    local = timezone.localtime(timezone.now())
    tomorrow = local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=local.tzinfo)


def content_last_modified():
    return content_state().last_modified


def is_private(request):
    if request.path.startswith(reverse("admin:index")):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def is_public_cacheable(request, response):
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.has_header("Cache-Control")
        and not response.cookies
        and not response.streaming
    )


def shared_max_age(response, state):
    """How long a shared cache (a CDN) may keep a public response: never past the next
    moment the content changes by the clock (a go-live, an expiry, an alert)."""
    if response.get("Content-Type", "").startswith("text/html"):
        seconds = settings.CACHE_SECONDS_PAGES
    else:
        seconds = settings.CACHE_SECONDS_DATA
    until_next = state.seconds_until_next()
    return seconds if until_next is None else min(seconds, until_next)


class HttpCachingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request):
            response["Cache-Control"] = PRIVATE
            for header in ("ETag", "Last-Modified", "Expires"):
                if response.has_header(header):
                    del response[header]
            return response
        if not is_public_cacheable(request, response):
            return response
        state = content_state()
        # Browsers ask again on every view (a cheap 304), so nobody is shown a stale
        # alert or correction; only shared caches keep a copy, and not past a change.
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            must_revalidate=True,
            s_maxage=shared_max_age(response, state),
        )
        # Whoever sends a session cookie may be staff: a shared cache must not mix them up.
        patch_vary_headers(response, ["Cookie"])
        # For the page cache: the moment this response stops being true by the clock.
        response.valid_until = min(
            stamp for stamp in (state.next_transition, next_local_midnight()) if stamp
        )
        last_modified = state.last_modified.replace(microsecond=0)
        response["Last-Modified"] = http_date(last_modified.timestamp())
        if response.content:
            set_response_etag(response)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=int(last_modified.timestamp()),
            response=response,
        )
