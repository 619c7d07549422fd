"""HTTP caching for partners, feed readers and proxies, decided in one place.

Anonymous visitors get shared-cacheable responses with validators
(``Last-Modified`` and ``ETag``) so a conditional request costs a 304. Anything
a signed-in person sees (the admin, draft previews) may hold unpublished
content, so it is ``private, no-store`` and never carries validators.
"""

from django.apps import apps
from django.conf import settings
from django.db.models import IntegerField, Max, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date

from .models import Publishable

# Templates and code change only on deploy; a restart counts as a change.
STARTED_AT = timezone.now()

PRIVATE = "private, no-store"


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def content_last_modified():
    """When public content last changed: an edit, or a scheduled item going live.

    Admin inlines (milestones, awards, contact channels) save their parent, so
    the parent's ``updated_at`` covers them. One query for all content types.
    """
    now = timezone.now()
    queries = [
        # A constant is never grouped by, so each part is one row of maxima.
        model.objects.order_by()
        .annotate(one=Value(1, output_field=IntegerField()))
        .values("one")
        .annotate(
            changed=Max("updated_at"),
            went_live=Max("published_at", filter=Q(published_at__lte=now)),
        )
        .values("changed", "went_live")
        for model in publishable_models()
    ]
    stamps = [STARTED_AT]
    if queries:
        rows = queries[0].union(*queries[1:], all=True).order_by()
        stamps += [stamp for row in rows for stamp in row.values() if stamp is not None]
    return max(stamps)


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
