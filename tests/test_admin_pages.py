"""Every admin page for content opens for both roles, on the seed content."""

import pytest
from django.contrib import admin
from django.urls import reverse

from publishing.admin import PublishableAdmin

CONTENT_MODELS = [
    model
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, PublishableAdmin)
]


@pytest.mark.parametrize("role", ["editor", "publisher"])
@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model._meta.model_name)
def test_admin_pages_open(client, seeded, role, model):
    from .conftest import MODEL_BACKEND, make_staff

    client.force_login(make_staff(role), backend=MODEL_BACKEND)
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    item = model.objects.order_by("pk").first()
    urls = [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
    for state in ["draft", "scheduled", "live", "expired"]:
        urls.append(reverse(f"{name}_changelist") + f"?state={state}")
    if item is not None:
        urls += [
            reverse(f"{name}_change", args=[item.pk]),
            reverse(f"{name}_history", args=[item.pk]),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    if item is not None:
        form = client.get(reverse(f"{name}_change", args=[item.pk])).content.decode()
        assert ("Kind of change" in form) == (role == "publisher")
        assert 'name="base"' in form


def test_the_site_alert_admin_opens(publisher_client):
    assert publisher_client.get(reverse("admin:publishing_sitealert_changelist")).status_code == 200
    assert publisher_client.get(reverse("admin:publishing_sitealert_add")).status_code == 200


@pytest.mark.parametrize("suffix", ["change/", "history/", "history/abc/", "delete/"])
def test_a_bad_id_in_an_admin_url_is_not_found_not_an_error(publisher_client, suffix):
    response = publisher_client.get(f"/admin/grants/grantee/not-a-number/{suffix}")
    assert response.status_code in (302, 404)
