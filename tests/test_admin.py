"""Every content model can be listed, searched and edited by staff in the admin."""

import pytest
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from simple_history.models import HistoricalChanges

from publishing.registry import content_app_labels

CONTENT_APPS = set(content_app_labels())
REGISTERED = [model for model in admin.site._registry if model._meta.app_label in CONTENT_APPS]


def test_every_content_model_is_registered_or_inline():
    from django.apps import apps

    inline_models = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    for app in CONTENT_APPS:
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, HistoricalChanges):
                continue  # history rows are shown on their record's history page
            assert model in admin.site._registry or model in inline_models, model


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_changelist_search_and_add_pages_load(admin_client, seeded, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Portland"}).status_code == 200
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    assert admin_client.get(add).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_change_page_of_a_seeded_record_loads(admin_client, seeded, model):
    record = model.objects.first()
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    assert admin_client.get(url).status_code == 200


def test_saving_a_program_in_the_admin_renders_its_markdown(admin_client, db):
    from programs.models import Program

    response = admin_client.post(
        reverse("admin:programs_program_add"),
        {
            "title": "Test program",
            "summary": "One line.",
            "body": "Some **bold** text",
            "order": 0,
            "slug": "test-program",
            "status": "draft",
            "components-TOTAL_FORMS": 0,
            "components-INITIAL_FORMS": 0,
            "milestones-TOTAL_FORMS": 0,
            "milestones-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Program.objects.get(slug="test-program").body_html == (
        "<p>Some <strong>bold</strong> text</p>"
    )


def test_error_page_renders_without_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert 'href="tel:+15038234000"' in html
