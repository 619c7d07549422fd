"""The publishing workflow's guarantees, each shown against the way it used to fail:
editors cannot reach live content through any side door, the review shows every
difference, and no one's work is lost or mis-credited."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budget.models import BudgetItem
from portal.search_index import TABLE as SEARCH_TABLE
from programs.models import Program
from publishing import workflow
from publishing.models import HeldChange, SiteAlert, prepare_fixture_row

from .conftest import (
    APPLY,
    MODEL_BACKEND,
    admin_form_data,
    make_budget,
    make_budget_item,
    make_grantee,
    make_program,
    make_staff,
)

pytestmark = pytest.mark.django_db


def signed_in(client, role):
    user = make_staff(role)
    client.force_login(user, backend=MODEL_BACKEND)
    return user


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def row_key(data, row, field):
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(row.pk))
    return prefix.replace("-id", f"-{field}")


# --- Holes an editor could use ----------------------------------------------------------


def test_an_editor_cannot_rewrite_and_switch_on_the_alert_through_its_history(client):
    alert = SiteAlert.objects.create(message="311 is open.", is_on=False)
    alert.message = "Old text"
    alert.save()
    version = alert.history.last()
    signed_in(client, "editor")
    url = reverse("admin:publishing_sitealert_simple_history", args=[alert.pk, version.pk])
    response = client.post(
        url, {"message": "An editor's alert", "severity": "urgent", "is_on": "on"}
    )
    assert response.status_code == 403
    alert.refresh_from_db()
    assert (alert.message, alert.is_on) == ("Old text", False)


def test_a_publisher_can_restore_an_alert_version_with_one_history_row(client):
    alert = SiteAlert.objects.create(message="First text")
    version = alert.history.first()
    alert.message = "Second text"
    alert.save()
    signed_in(client, "publisher")
    url = reverse("admin:publishing_sitealert_simple_history", args=[alert.pk, version.pk])
    before = alert.history.count()
    assert client.post(url, {}).status_code == 302
    alert.refresh_from_db()
    assert alert.message == "First text"
    assert alert.history.count() == before + 1


def test_an_editor_cannot_delete_a_live_budget_item_through_a_held_change(client):
    budget = make_budget(intro="Intro.")
    item = make_budget_item(budget, title="Live item", amount="10")
    signed_in(client, "editor")
    data = admin_form_data(client.get(change_url(budget)))
    data[row_key(data, item, "DELETE")] = "on"
    client.post(change_url(budget), {**data, "intro": "A small edit."})
    held = HeldChange.objects.get()
    assert f"items:{item.pk}" not in held.changes

    client.logout()
    signed_in(client, "publisher")
    page = client.get(change_url(budget)).content.decode()
    assert "deleted" not in page.split("What applying it would change")[1].split("</table>")[0]
    assert client.post(change_url(budget), APPLY).status_code == 302
    assert BudgetItem.objects.filter(pk=item.pk, status="published").exists()
    budget.refresh_from_db()
    assert budget.intro == "A small edit."


def test_the_review_names_every_row_difference_and_apply_keeps_row_states(client):
    budget = make_budget()
    draft = make_budget_item(budget, status="draft", title="Draft item", amount="5")
    signed_in(client, "editor")
    data = admin_form_data(client.get(change_url(budget)))
    data[row_key(data, draft, "title")] = "Retitled by the editor"
    client.post(change_url(budget), data)

    # A publisher publishes the row before the held change is applied.
    publisher = make_staff("publisher")
    workflow.publish(BudgetItem.objects.get(pk=draft.pk), publisher)
    held = HeldChange.objects.get()
    lines = [(d.where, d.what, d.before, d.after) for d in workflow.review(held)]
    assert (
        "Budget item “Draft item” (live)",
        "Title",
        "Draft item",
        "Retitled by the editor",
    ) in lines

    client.force_login(publisher, backend=MODEL_BACKEND)
    page = client.get(change_url(budget)).content.decode()
    assert "Retitled by the editor" in page and "Budget item “Draft item” (live)" in page
    client.post(change_url(budget), APPLY)
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Retitled by the editor", "published")


def test_a_row_changed_live_since_the_hold_is_not_overwritten_without_a_choice(client):
    budget = make_budget()
    row = make_budget_item(budget, status="draft", title="Draft item")
    signed_in(client, "editor")
    data = admin_form_data(client.get(change_url(budget)))
    data[row_key(data, row, "title")] = "Editor's title"
    client.post(change_url(budget), data)
    row.refresh_from_db()
    row.title = "Publisher's title"
    row.status = "published"
    row.save()

    publisher = make_staff("publisher")
    with pytest.raises(workflow.ConflictError):
        workflow.apply(HeldChange.objects.get(), publisher)
    row.refresh_from_db()
    assert row.title == "Publisher's title"
    assert HeldChange.objects.exists()


def test_applying_revalidates_and_refuses_without_losing_the_change(client):
    grantee = make_grantee(slug="first", name="First")
    make_grantee(slug="second", name="Second")
    signed_in(client, "editor")
    client.post(
        change_url(grantee), {**admin_form_data(client.get(change_url(grantee))), "name": "Held"}
    )
    held = HeldChange.objects.get()
    # Something the form could not know: a slug now taken by another item.
    held.changes["slug"] = "second"
    held.base["slug"] = "first"
    held.save()
    client.logout()
    signed_in(client, "publisher")
    response = client.post(change_url(grantee), APPLY, follow=True)
    assert "Not applied, nothing changed" in response.content.decode()
    grantee.refresh_from_db()
    assert (grantee.name, grantee.slug) == ("First", "first")
    assert HeldChange.objects.exists()


# --- History ----------------------------------------------------------------------------


def test_seeded_content_can_be_restored_after_a_mistake(seeded, client):
    psr = Program.objects.get(slug="portland-street-response")
    original = psr.body
    first = psr.history.get()
    assert first.history_change_reason == "First recorded version"
    signed_in(client, "publisher")
    data = admin_form_data(client.get(change_url(psr)))
    client.post(change_url(psr), {**data, "body": ""})
    psr.refresh_from_db()
    assert psr.body == ""

    url = reverse("admin:programs_program_simple_history", args=[psr.pk, first.pk])
    assert client.post(url, {}).status_code == 302
    psr.refresh_from_db()
    assert psr.body == original


def test_every_seeded_item_has_a_first_version(seeded):
    from publishing.history import tracked_models

    for model in tracked_models():
        without = model._base_manager.exclude(pk__in=model.history.values("id"))
        assert not without.exists(), model


def test_history_credits_the_editor_and_the_publisher_with_the_note_in_pacific(client):
    grantee = make_grantee(name="Live Name")
    editor = signed_in(client, "editor")
    client.post(
        change_url(grantee), {**admin_form_data(client.get(change_url(grantee))), "name": "New"}
    )
    client.logout()
    publisher = signed_in(client, "publisher")
    client.post(
        change_url(grantee),
        {**APPLY, "apply-change_kind": "major", "apply-change_note": "Renamed."},
    )

    latest = grantee.history.first()
    assert (latest.history_author, latest.history_user) == (editor, publisher)
    assert latest.history_change_reason == "Renamed."
    page = client.get(reverse("admin:grants_grantee_history", args=[grantee.pk])).content.decode()
    row = page.split("<tbody>")[1].split("</tr>")[0]
    assert editor.username in row and publisher.username in row and "Renamed." in row
    assert "None" not in row
    local = timezone.localtime(latest.history_date)
    assert local.strftime("%b %-d, %Y %-I:%M") in row


def test_history_shows_times_in_pacific_and_blanks_as_a_dash(client):
    program = make_program(status="draft")
    signed_in(client, "publisher")
    workflow.publish(program, User.objects.get(groups__name="Publisher"))
    page = client.get(reverse("admin:programs_program_history", args=[program.pk])).content.decode()
    assert "Goes live at:</strong> — →" in page
    assert " Pacific" in page
    assert "+00:00" not in page


def test_a_restore_writes_one_history_row(client):
    program = make_program(title="Old")
    version = program.history.first()
    program.title = "New"
    program.save()
    signed_in(client, "publisher")
    before = program.history.count()
    url = reverse("admin:programs_program_simple_history", args=[program.pk, version.pk])
    client.post(url, admin_form_data(client.get(url)))
    assert program.history.count() == before + 1


# --- Bookkeeping runs where it belongs ---------------------------------------------------


def test_content_receivers_are_not_connected_to_unrelated_models():
    receivers = pre_save._live_receivers(User)[0]
    assert prepare_fixture_row not in receivers
    assert prepare_fixture_row in pre_save._live_receivers(Program)[0]


def test_saving_a_loaded_item_reads_nothing_back_and_deletes_nothing():
    program = Program.objects.get(pk=make_program().pk)
    program.summary = "Changed."
    with CaptureQueriesContext(connection) as queries:
        program.save()
    # The SQLite search index replaces the item's entry; no content row is deleted.
    content = [q for q in queries.captured_queries if SEARCH_TABLE not in q["sql"]]
    statements = [q["sql"].split()[0].upper() for q in content]
    assert "DELETE" not in statements
    assert not any(
        q["sql"].upper().startswith("SELECT") and "PROGRAMS_PROGRAM" in q["sql"].upper()
        for q in queries.captured_queries
    )


def test_markdown_is_rendered_by_save_and_by_fixtures():
    program = make_program(body="**Bold**")
    assert "<strong>Bold</strong>" in program.body_html


def test_a_money_value_survives_a_held_change_as_decimal(client):
    budget = make_budget()
    item = make_budget_item(budget, status="draft", amount="10")
    signed_in(client, "editor")
    data = admin_form_data(client.get(change_url(budget)))
    data[row_key(data, item, "amount")] = "1250000.50"
    client.post(change_url(budget), data)
    client.logout()
    signed_in(client, "publisher")
    client.post(change_url(budget), APPLY)
    item.refresh_from_db()
    assert item.amount == Decimal("1250000.50")


def test_an_editor_cannot_delete_a_draft_that_live_content_points_at():
    from partners.models import Organization

    from .conftest import make_organization

    editor = make_staff("editor")
    agency = make_organization(status="draft", name="Draft agency")
    program = make_program(lead_agency=agency)
    assert not workflow.can(editor, "delete", agency)
    assert workflow.can(make_staff("publisher"), "delete", agency)
    program.status = "draft"
    program.save()
    assert workflow.can(editor, "delete", Organization.objects.get(pk=agency.pk))
