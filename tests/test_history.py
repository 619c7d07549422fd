"""Every change is recorded with who and when; any version can be restored, including the
rows edited inline with it and its many-to-many links."""

from decimal import Decimal

import pytest
from django.urls import reverse

from programs.models import Component, Program

from .conftest import (
    admin_form_data,
    make_budget,
    make_budget_item,
    make_milestone,
    make_organization,
    make_program,
)

pytestmark = pytest.mark.django_db


def revert(client, item, record):
    opts = item._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[item.pk, record.pk]
    )
    response = client.post(url, admin_form_data(client.get(url)))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def program_snapshot(program):
    program.refresh_from_db()
    return {
        "title": program.title,
        "summary": program.summary,
        "components": [
            (c.pk, c.title, c.amount, sorted(c.organizations.values_list("pk", flat=True)))
            for c in Component.objects.filter(program=program).order_by("pk")
        ],
        "milestones": sorted(program.milestones.values_list("pk", "title", "is_done")),
    }


@pytest.fixture
def program_with_inlines():
    first, second = make_organization(), make_organization()
    program = make_program(title="Before", summary="Summary before.")
    component = Component.objects.create(program=program, title="Prong A", amount=Decimal("100"))
    component.organizations.set([first, second])
    make_milestone(program, title="Step one")
    return program


def test_restore_brings_back_fields_inlines_and_links_exactly(
    publisher_client, program_with_inlines
):
    program = program_with_inlines
    version = program.history.first()
    before = program_snapshot(program)

    program.title, program.summary = "After", "Summary after."
    program.save()
    component = program.components.get()
    component.title, component.amount = "Prong A renamed", Decimal("5")
    component.save()
    component.organizations.set([make_organization()])
    Component.objects.create(program=program, title="Prong B")
    program.milestones.get().delete()
    make_milestone(program, title="Extra step")
    assert program_snapshot(program) != before

    revert(publisher_client, program, version)
    assert program_snapshot(program) == before


def test_restore_brings_back_many_to_many_links(publisher_client):
    kept, replaced = make_program(), make_program()
    agency = make_organization()
    item = make_budget_item(make_budget())
    item.programs.set([kept])
    item.organizations.set([agency])
    version = item.history.first()

    item.programs.set([replaced])
    item.organizations.clear()
    item.title = "Retitled"
    item.save()

    revert(publisher_client, item, version)
    item.refresh_from_db()
    assert list(item.programs.all()) == [kept]
    assert list(item.organizations.all()) == [agency]
    assert item.title != "Retitled"


def test_an_editor_restoring_a_live_version_does_not_publish_it(editor_client):
    program = make_program(title="Live title")
    version = program.history.first()
    Program.objects.filter(pk=program.pk).update(status="draft")
    program.refresh_from_db()
    program.title = "Draft title"
    program.save()

    revert(editor_client, program, version)
    program.refresh_from_db()
    assert program.title == "Live title"
    assert program.status == "draft"


def test_history_shows_who_changed_what_and_when(publisher_client, publisher):
    program = make_program(title="First title")
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = admin_form_data(publisher_client.get(url))
    publisher_client.post(url, {**data, "title": "Second title"})
    page = publisher_client.get(
        reverse("admin:programs_program_history", args=[program.pk])
    ).content.decode()
    assert publisher.username in page
    assert "First title" in page and "Second title" in page
    latest = program.history.first()
    assert latest.history_user == publisher


def test_restore_of_a_version_recorded_before_a_later_field_was_added(publisher_client):
    """A migration that adds a field fills the historical rows with the field's default.
    Restoring such a version must work and leave the new field at that default."""
    program = make_program(title="Old version", short_name="")
    version = program.history.first()
    # What an AddField migration writes into rows recorded before it ran.
    type(version).objects.filter(pk=version.pk).update(short_name="", expires_at=None)
    program.title, program.short_name = "New version", "NV"
    program.save()

    revert(publisher_client, program, version)
    program.refresh_from_db()
    assert program.title == "Old version"
    assert program.short_name == ""


def test_history_page_lists_changes_to_inline_rows(publisher_client, program_with_inlines):
    component = program_with_inlines.components.get()
    component.title = "Prong A renamed"
    component.save()
    page = publisher_client.get(
        reverse("admin:programs_program_history", args=[program_with_inlines.pk])
    ).content.decode()
    assert "Components edited with it" in page
    assert "Milestones edited with it" in page
    assert "Prong A → Prong A renamed" in page
