from django.conf import settings
from django.utils.functional import SimpleLazyObject


def primary_contact():
    from partners.models import Service

    return (
        Service.objects.published()
        .filter(is_primary_contact=True)
        .prefetch_related("channels", "links")
        .first()
    )


def site(request):
    # Lazy, so pages that never render the contact block (the admin) pay nothing.
    return {"site_name": settings.SITE_NAME, "contact": SimpleLazyObject(primary_contact)}
