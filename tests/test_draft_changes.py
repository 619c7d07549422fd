"""An editor's save never changes what residents see: a change to a published item is
held as a draft change until a publisher applies it."""

import pytest
from django.test import Client
from django.urls import reverse

from publishing.models import HeldChange

from .conftest import APPLY, MODEL_BACKEND, admin_form_data, make_grantee, make_program, make_staff

pytestmark = pytest.mark.django_db


def signed_in(role):
    client = Client()
    user = make_staff(role)
    client.force_login(user, backend=MODEL_BACKEND)
    return client, user


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def test_an_editors_change_to_a_live_item_is_held_until_a_publisher_applies_it(client):
    grantee = make_grantee(slug="held", name="Live Name")
    editor, editor_user = signed_in("editor")
    data = admin_form_data(editor.get(change_url(grantee)))
    response = editor.post(change_url(grantee), {**data, "name": "Edited Name"}, follow=True)
    assert "Saved as a draft change for a publisher to review." in response.content.decode()

    grantee.refresh_from_db()
    assert grantee.name == "Live Name"
    assert b"Live Name" in client.get("/grantees/held/").content
    pending = HeldChange.objects.get()
    assert pending.author == editor_user
    assert "Name" in pending.summary

    publisher, publisher_user = signed_in("publisher")
    page = publisher.get(change_url(grantee)).content.decode()
    assert "Draft change waiting for review" in page
    assert "Apply the draft change" in page
    assert publisher.post(change_url(grantee), APPLY).status_code == 302

    grantee.refresh_from_db()
    assert grantee.name == "Edited Name"
    assert grantee.is_live()
    assert grantee.history.first().history_user == publisher_user
    assert not HeldChange.objects.exists()
    assert b"Edited Name" in client.get("/grantees/held/").content


def test_inline_changes_are_held_too():
    program = make_program()
    editor, _ = signed_in("editor")
    data = admin_form_data(editor.get(change_url(program)))
    data.update(
        {
            "milestones-TOTAL_FORMS": "1",
            "milestones-0-title": "Held step",
            "milestones-0-date_precision": "day",
        }
    )
    assert editor.post(change_url(program), data).status_code == 302
    assert not program.milestones.exists()
    assert "Milestone" in HeldChange.objects.get().summary

    publisher, _ = signed_in("publisher")
    publisher.post(change_url(program), APPLY)
    assert list(program.milestones.values_list("title", flat=True)) == ["Held step"]


def test_editors_cannot_apply_or_discard_and_a_publisher_can_discard():
    grantee = make_grantee(name="Live Name")
    editor, _ = signed_in("editor")
    data = admin_form_data(editor.get(change_url(grantee)))
    editor.post(change_url(grantee), {**data, "name": "Edited Name"})

    other_editor, _ = signed_in("editor")
    assert other_editor.post(change_url(grantee), APPLY).status_code == 403
    assert other_editor.post(change_url(grantee), {"_discard_pending": "1"}).status_code == 403
    grantee.refresh_from_db()
    assert grantee.name == "Live Name"
    assert HeldChange.objects.exists()

    publisher, _ = signed_in("publisher")
    publisher.post(change_url(grantee), {"_discard_pending": "1"})
    assert not HeldChange.objects.exists()
    grantee.refresh_from_db()
    assert grantee.name == "Live Name"


def test_a_second_editor_cannot_silently_replace_a_waiting_change():
    grantee = make_grantee()
    first, _ = signed_in("editor")
    first.post(
        change_url(grantee), {**admin_form_data(first.get(change_url(grantee))), "name": "First"}
    )
    second, _ = signed_in("editor")
    data = {**admin_form_data(second.get(change_url(grantee))), "name": "Second"}
    response = second.post(change_url(grantee), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "a draft change by" in page
    assert 'value="Second"' in page
    assert HeldChange.objects.get().changes["name"] == "First"


def test_applying_after_a_publisher_changed_another_field_keeps_both():
    """Bug: the publisher's own edit was reverted and the held change got stuck."""
    grantee = make_grantee(name="Live Name", summary="Live summary.", description="Old body.")
    editor, _ = signed_in("editor")
    editor.post(
        change_url(grantee),
        {**admin_form_data(editor.get(change_url(grantee))), "description": "Editor's body."},
    )
    publisher, _ = signed_in("publisher")
    data = admin_form_data(publisher.get(change_url(grantee)))
    saved = publisher.post(
        change_url(grantee), {**data, "summary": "Publisher's summary."}, follow=True
    )
    assert "A change by an editor is still waiting for review" in saved.content.decode()

    assert publisher.post(change_url(grantee), APPLY).status_code == 302
    grantee.refresh_from_db()
    assert (grantee.summary, grantee.description) == ("Publisher's summary.", "Editor's body.")
    assert not HeldChange.objects.exists()
    again = publisher.post(change_url(grantee), APPLY, follow=True)
    assert "No change is waiting for review." in again.content.decode()


def test_an_editor_saving_twice_after_a_publisher_edit_does_not_revert_it():
    """Bug, variant: the editor's second save and the apply reverted the summary."""
    grantee = make_grantee(name="Live Name", summary="Live summary.", description="Old body.")
    editor, _ = signed_in("editor")
    opened = admin_form_data(editor.get(change_url(grantee)))
    publisher, _ = signed_in("publisher")
    data = admin_form_data(publisher.get(change_url(grantee)))
    publisher.post(change_url(grantee), {**data, "summary": "Publisher's summary."})

    assert (
        editor.post(change_url(grantee), {**opened, "description": "Editor's body."}).status_code
        == 302
    )
    assert publisher.post(change_url(grantee), APPLY).status_code == 302
    grantee.refresh_from_db()
    assert (grantee.summary, grantee.description) == ("Publisher's summary.", "Editor's body.")


def test_applying_when_both_changed_the_same_field_asks_and_loses_nothing():
    grantee = make_grantee(name="Live Name", summary="Live summary.")
    editor, _ = signed_in("editor")
    editor.post(
        change_url(grantee),
        {**admin_form_data(editor.get(change_url(grantee))), "summary": "Editor's summary."},
    )
    publisher, _ = signed_in("publisher")
    data = admin_form_data(publisher.get(change_url(grantee)))
    publisher.post(change_url(grantee), {**data, "summary": "Publisher's summary."})

    refused = publisher.post(change_url(grantee), APPLY, follow=True)
    page = refused.content.decode()
    assert "Not applied" in page
    assert "Editor&#x27;s summary." in page and "Publisher&#x27;s summary." in page
    assert 'name="resolve:summary"' in page
    grantee.refresh_from_db()
    assert grantee.summary == "Publisher's summary."
    assert HeldChange.objects.exists()

    chosen = {**APPLY, "resolve:summary": "mine"}
    assert publisher.post(change_url(grantee), chosen).status_code == 302
    grantee.refresh_from_db()
    assert grantee.summary == "Editor's summary."
    assert not HeldChange.objects.exists()


def test_an_editor_can_withdraw_their_own_held_change_but_not_anothers():
    grantee = make_grantee(name="Live Name")
    editor, _ = signed_in("editor")
    editor.post(
        change_url(grantee), {**admin_form_data(editor.get(change_url(grantee))), "name": "Mine"}
    )
    other, _ = signed_in("editor")
    assert other.post(change_url(grantee), {"_discard_pending": "1"}).status_code == 403
    assert HeldChange.objects.exists()
    assert "Withdraw my waiting change" in editor.get(change_url(grantee)).content.decode()
    assert editor.post(change_url(grantee), {"_discard_pending": "1"}).status_code == 302
    assert not HeldChange.objects.exists()


def test_an_editor_cannot_restore_an_old_version_of_a_live_item():
    program = make_program(title="Old")
    version = program.history.first()
    program.title = "Current"
    program.save()
    editor, _ = signed_in("editor")
    url = reverse("admin:programs_program_simple_history", args=[program.pk, version.pk])
    editor.post(url, admin_form_data(editor.get(url)))
    program.refresh_from_db()
    assert program.title == "Current"


def test_staff_preview_a_held_change_at_the_public_url(client):
    grantee = make_grantee(slug="previewed", name="Live Name", description="Live **text**.")
    editor, _ = signed_in("editor")
    data = admin_form_data(editor.get(change_url(grantee)))
    editor.post(
        change_url(grantee), {**data, "name": "Proposed Name", "description": "New *text*."}
    )

    publisher, _ = signed_in("publisher")
    form = publisher.get(change_url(grantee)).content.decode()
    assert "/grantees/previewed/?draft_change=1" in form
    response = publisher.get("/grantees/previewed/?draft_change=1")
    page = response.content.decode()
    assert "Proposed Name" in page
    assert "<em>text</em>" in page
    assert "change waiting for a publisher" in page
    assert "no-store" in response["Cache-Control"]

    # Nothing was saved, and residents see the live version whatever they ask for.
    grantee.refresh_from_db()
    assert grantee.name == "Live Name"
    public = client.get("/grantees/previewed/?draft_change=1").content.decode()
    assert "Live Name" in public
    assert "Proposed Name" not in public


def budget_with_items():
    from .conftest import make_budget, make_budget_item

    budget = make_budget(slug="held-budget", title="Held budget")
    live = make_budget_item(budget, slug="live-item", title="Live item", amount="10")
    draft = make_budget_item(budget, status="draft", slug="draft-item", title="Draft item")
    return budget, live, draft


def test_a_held_budget_change_applies_and_keeps_its_items_as_they_were():
    budget, live, draft = budget_with_items()
    editor, _ = signed_in("editor")
    data = admin_form_data(editor.get(change_url(budget)))
    assert editor.post(change_url(budget), {**data, "intro": "New intro"}).status_code == 302
    publisher, _ = signed_in("publisher")
    assert publisher.post(change_url(budget), APPLY).status_code == 302
    budget.refresh_from_db()
    live.refresh_from_db()
    draft.refresh_from_db()
    assert budget.intro == "New intro"
    assert (live.status, live.title, draft.status) == ("published", "Live item", "draft")


def test_an_editor_cannot_publish_an_inline_row_through_a_held_change():
    budget, _live, draft = budget_with_items()
    editor, _ = signed_in("editor")
    data = admin_form_data(editor.get(change_url(budget)))
    # A crafted POST: the status fields are not on the editor's form.
    smuggled = {key.replace("-id", "-status"): "published" for key in data if key.endswith("-id")}
    smuggled.update(
        {
            "items-TOTAL_FORMS": str(int(data["items-TOTAL_FORMS"]) + 1),
            f"items-{data['items-TOTAL_FORMS']}-title": "New item",
            f"items-{data['items-TOTAL_FORMS']}-slug": "new-item",
            f"items-{data['items-TOTAL_FORMS']}-status": "published",
        }
    )
    editor.post(change_url(budget), {**data, **smuggled, "intro": "Edited"})
    publisher, _ = signed_in("publisher")
    publisher.post(change_url(budget), APPLY)
    draft.refresh_from_db()
    assert draft.status == "draft"
    from budget.models import BudgetItem

    assert BudgetItem.objects.get(slug="new-item").status == "draft"


def test_an_editor_cannot_change_a_published_row_inline_under_a_draft_parent():
    from .conftest import make_budget, make_budget_item

    budget = make_budget(status="draft", slug="draft-budget")
    live = make_budget_item(budget, slug="live-row", title="Live row", amount="3")
    editor, _ = signed_in("editor")
    data = admin_form_data(editor.get(change_url(budget)))
    row = next(k for k, v in data.items() if k.endswith("-id") and v == str(live.pk))
    data[row.replace("-id", "-title")] = "Changed without review"
    response = editor.post(change_url(budget), data)
    assert "“Live row” is published: change it on its own page" in response.content.decode()
    assert "Changed without review" in response.content.decode()  # the input is kept
    live.refresh_from_db()
    assert live.title == "Live row"


def test_publishers_find_waiting_changes_from_the_list():
    waiting = make_grantee(slug="waiting", name="Waiting Grantee", description="Line one\nline two")
    make_grantee(slug="quiet", name="Quiet Grantee")
    editor, _ = signed_in("editor")
    data = admin_form_data(editor.get(change_url(waiting)))
    # Browsers send text areas with CRLF; only the summary really changed.
    data["description"] = data["description"].replace("\n", "\r\n")
    editor.post(change_url(waiting), {**data, "summary": "A new summary"})
    assert HeldChange.objects.get().summary == "Summary"

    publisher, _ = signed_in("publisher")
    changelist = reverse("admin:grants_grantee_changelist")
    page = publisher.get(changelist).content.decode()
    assert "Live · change waiting for review" in page
    filtered = publisher.get(changelist, {"review": "waiting"}).content.decode()
    assert "Waiting Grantee" in filtered
    assert "Quiet Grantee" not in filtered


def test_an_editor_back_at_their_held_change_continues_it():
    grantee = make_grantee(slug="twice", name="Live Name", summary="Live summary")
    editor, _ = signed_in("editor")
    data = admin_form_data(editor.get(change_url(grantee)))
    editor.post(change_url(grantee), {**data, "summary": "First edit"})

    page = editor.get(change_url(grantee))
    assert "The form below shows your waiting change" in page.content.decode()
    data = admin_form_data(page)
    assert data["summary"] == "First edit"  # not the live version
    editor.post(change_url(grantee), {**data, "name": "Second edit"})
    pending = HeldChange.objects.get()
    assert pending.summary == "Summary; Name"

    publisher, _ = signed_in("publisher")
    publisher.post(change_url(grantee), APPLY)
    grantee.refresh_from_db()
    assert (grantee.summary, grantee.name) == ("First edit", "Second edit")
    assert HeldChange.objects.count() == 0
