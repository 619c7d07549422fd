"""The data twins: every public page also answers as JSON, from the same queryset.

Field names here are a public interface (partners and researchers script
against them); each app documents its exports in its ``contributions`` module,
/data/ shows them, and a test pins the names.
"""

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _


def money(amount):
    """Exact dollars as a string ("1400000.00"), or None when no amount is published."""
    return None if amount is None else f"{amount:.2f}"


def iso(value):
    return None if value is None else value.isoformat()


def absolute(request, path):
    return request.build_absolute_uri(path) if path else None


def published_or_none(obj):
    """A related record shown only while it is itself published, as the pages do."""
    return obj if obj is not None and obj.is_live() else None


def organization_ref(request, organization):
    organization = published_or_none(organization)
    if organization is None:
        return None
    return {
        "name": organization.name,
        "short_name": organization.short_name,
        "url": absolute(request, organization.get_absolute_url()),
    }


def under(prefix, fields):
    """Documented fields nested under a prefix: under("host.", ORGANIZATION_REF)."""
    return tuple((f"{prefix}{name}", meaning) for name, meaning in fields)


PAGE_LINKS = (
    ("url", _("Address of the item's page on this site.")),
    ("data_url", _("Address of the item's JSON twin.")),
)

ORGANIZATION_REF = (
    ("name", _("The agency's or group's name.")),
    ("short_name", _("Its acronym; empty when it has none.")),
    ("url", _("Its entry on the partners page.")),
)


class DataTwinMixin:
    """Lets one view answer as its HTML page or as JSON (``as_view(format="json")``).

    Both share ``get_queryset``, so the twin shows exactly what the page shows
    and runs the same fixed number of queries. JSON twins of list pages carry
    the whole collection rather than one page of it.
    """

    format = "html"

    def get_paginate_by(self, queryset):
        if self.format == "json":
            return None
        return super().get_paginate_by(queryset)

    def get_data(self, context):
        raise NotImplementedError

    def get_data_url(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["data_url"] = self.get_data_url()
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.format == "json":
            return JsonResponse(self.get_data(context), json_dumps_params={"indent": 2})
        return super().render_to_response(context, **response_kwargs)
