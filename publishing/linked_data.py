"""schema.org structured data (JSON-LD) for link previews and search engines.

Each page type supplies its own graph through ``StructuredDataMixin``; the
base template writes it into one ``application/ld+json`` block. Such a block
is data, not script, so the strict ``script-src 'self'`` policy allows it.
Addresses, phones and amounts appear only where the City has published them.
"""

from django.urls import reverse

from .data import absolute

CITY_OF_PORTLAND = {
    "@type": "GovernmentOrganization",
    "name": "City of Portland",
    "address": {
        "@type": "PostalAddress",
        "addressLocality": "Portland",
        "addressRegion": "OR",
        "addressCountry": "US",
    },
}


def organization_ld(request, organization):
    """Agencies are GovernmentOrganization; community groups are plain Organization."""
    community = organization.jurisdiction == organization.Jurisdiction.COMMUNITY
    data = {
        "@type": "Organization" if community else "GovernmentOrganization",
        "name": organization.name,
        "url": absolute(request, organization.get_absolute_url()),
    }
    if organization.short_name:
        data["alternateName"] = organization.short_name
    if organization.website:
        data["sameAs"] = organization.website
    return data


def service_ld(request, service):
    """311 (or any contact service) with a channel per published way to reach it."""
    return {
        "@type": "GovernmentService",
        "name": service.name,
        "description": service.tagline or service.name,
        "provider": CITY_OF_PORTLAND,
        "areaServed": {"@type": "City", "name": "Portland, Oregon"},
        "availableChannel": [channel_ld(channel) for channel in service.channels.all()],
    }


def channel_ld(channel):
    kinds = channel.Kind
    data = {"@type": "ServiceChannel", "name": f"{channel.get_kind_display()}: {channel.label}"}
    if channel.kind == kinds.PHONE and channel.value:
        data["servicePhone"] = {"@type": "ContactPoint", "telephone": channel.value}
    elif channel.kind == kinds.EMAIL and channel.value:
        data["serviceUrl"] = f"mailto:{channel.value}"
    elif channel.kind == kinds.IN_PERSON:
        place = {"@type": "Place", "name": channel.label}
        if channel.address:
            place["address"] = channel.address
        data["serviceLocation"] = place
    return data


def website_ld(request, site_name):
    return {
        "@type": "WebSite",
        "name": site_name,
        "url": absolute(request, reverse("home")),
        "publisher": CITY_OF_PORTLAND,
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute(request, reverse("search")) + "?q={query}",
            "query-input": "required name=query",
        },
    }


def item_list(items):
    """An ItemList of already-built nodes, each a list element in page order."""
    return {
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "item": item}
            for position, item in enumerate(items, start=1)
        ],
    }


def graph(*nodes):
    return {"@context": "https://schema.org", "@graph": [node for node in nodes if node]}


class StructuredDataMixin:
    """Views return their schema.org nodes from ``get_structured_data``."""

    def get_structured_data(self, context):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = self.get_structured_data(context)
        return context
