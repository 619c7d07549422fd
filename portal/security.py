"""Headers and answers that protect the site before a view runs."""

from django.conf import settings
from django.http import HttpResponse
from django.template import loader


class PermissionsPolicyMiddleware:
    """Denies every browser feature the site does not use (``PERMISSIONS_POLICY``), so a
    script that got in somehow, or a page framing ours, still cannot ask for them. Those
    it uses (``PERMISSIONS_POLICY_SELF``: passkeys at staff sign-in) are its own only."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            [
                *(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY),
                *(f"{feature}=(self)" for feature in settings.PERMISSIONS_POLICY_SELF),
            ]
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def declared_length(request):
    """The body's declared size; Django reads no body at all when there is no valid one."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestSizeLimitMiddleware:
    """Refuses a body over ``MAX_REQUEST_BYTES`` before a byte of it is read.

    Django's own limits act only while a body is parsed, once it is being read; the
    site takes no uploads, so a large body is only ever a waste of a worker's time.
    A body sent without a length (chunked) is not read by Django under WSGI, so it
    cannot slip past.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_length(request) > settings.MAX_REQUEST_BYTES:
            return too_large()
        return self.get_response(request)


def too_large():
    # Without the request, as the 503 page: it must cost nothing and work in any state.
    return HttpResponse(loader.get_template("413.html").render(), status=413)
