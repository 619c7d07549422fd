"""HTTP caching for partners, feed readers and proxies, decided in one place.

Anonymous visitors get shared-cacheable responses with validators
(``Last-Modified`` and ``ETag``) so a conditional request costs a 304. Anything
a signed-in person sees (the admin, draft previews) may hold unpublished
content, so it is ``private, no-store`` and never carries validators.
"""

import datetime
import functools

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
def last_modified_sql():
    """One statement for everything a public page shows: each table's latest edit, and
    the latest moment a time-driven change took effect (a go-live, an expiry, an alert
    starting or ending).

    Built once per process: compiling ten ORM querysets on every request cost more
    than running the statement.
    """
    from publishing.models import SiteAlert

    quote = connection.ops.quote_name
    sources = [
        (model._meta.db_table, ["published_at", "expires_at"]) for model in publishable_models()
    ]
    sources.append((SiteAlert._meta.db_table, ["starts_at", "ends_at"]))
    parts = []
    for table, timed in sources:
        columns = [f"MAX({quote('updated_at')})"] + [
            f"MAX(CASE WHEN {quote(column)} <= %s THEN {quote(column)} END)" for column in timed
        ]
        parts.append(f"SELECT {', '.join(columns)} FROM {quote(table)}")  # noqa: S608
    return " UNION ALL ".join(parts), 2 * len(parts)


def as_aware(stamp):
    # SQLite hands back text for aggregates over datetimes; PostgreSQL a datetime.
    if isinstance(stamp, str):
        stamp = parse_datetime(stamp)
    if stamp is not None and timezone.is_naive(stamp):
        stamp = timezone.make_aware(stamp, datetime.UTC)
    return stamp


def content_last_modified():
    """When anything a public page shows last changed.

    Admin inlines (milestones, awards, contact channels) save their parent, so
    the parent's ``updated_at`` covers them.
    """
    sql, count = last_modified_sql()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        # Only quoted table and column names from the models are in the text; the time
        # is a parameter.
        cursor.execute(sql, [now] * count)
        rows = cursor.fetchall()
    stamps = [as_aware(stamp) for row in rows for stamp in row]
    return max([STARTED_AT, *(stamp for stamp in stamps if stamp is not None)])


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


def max_age_for(response):
    if response.get("Content-Type", "").startswith("text/html"):
        return settings.CACHE_SECONDS_PAGES
    return settings.CACHE_SECONDS_DATA


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
        patch_cache_control(response, public=True, max_age=max_age_for(response))
        # Whoever sends a session cookie may be staff: a shared cache must not mix them up.
        patch_vary_headers(response, ["Cookie"])
        last_modified = content_last_modified().replace(microsecond=0)
        response["Last-Modified"] = http_date(last_modified.timestamp())
        etag = None
        # A HEAD response may come without its body, so only GET gets a content ETag.
        if request.method == "GET":
            set_response_etag(response)
            etag = response["ETag"]
        return get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp()), response=response
        )
