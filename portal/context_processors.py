from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


def primary_contact():
    from partners.models import Service

    return (
        Service.objects.published()
        .filter(is_primary_contact=True)
        .prefetch_related("channels", "links")
        .first()
    )


DEFAULT_DESCRIPTION = _(
    "How to reach the City of Portland through 311, and what the City does for community "
    "safety: programs, grants, budget and partners."
)


def active_alerts():
    from publishing.models import SiteAlert

    return list(SiteAlert.objects.active())


def site(request):
    # Lazy, so pages that never render the contact block or alerts (the admin) pay nothing.
    return {
        "site_name": settings.SITE_NAME,
        "default_description": DEFAULT_DESCRIPTION,
        "contact": SimpleLazyObject(primary_contact),
        "site_alerts": SimpleLazyObject(active_alerts),
    }
