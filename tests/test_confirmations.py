"""Nothing goes live without the publisher confirming it: "Apply" a held change and
"Publish now" (list action and change-form button) both ask first, with the kind of
change and a public note for a major one, without needing JavaScript, and then say
honestly when residents see it."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants.models import Grantee
from publishing import workflow
from publishing.models import ChangeNote, HeldChange

from .conftest import APPLY, MODEL_BACKEND, make_grantee, make_staff

pytestmark = pytest.mark.django_db


def change_url(item):
    return reverse("admin:grants_grantee_change", args=[item.pk])


LIST_URL = "/admin/grants/grantee/"


@pytest.fixture
def publisher_client():
    client = Client()
    client.force_login(make_staff("publisher"), backend=MODEL_BACKEND)
    return client


def held_rename(grantee, name="Proposed Name"):
    return workflow.hold(grantee, {"name": name}, {"name": grantee.name}, make_staff("editor"))


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Apply ---------------------------------------------------------------------------


def test_the_review_asks_for_a_confirmation_a_browser_enforces(publisher_client):
    grantee = make_grantee(name="Live Name")
    held_rename(grantee)
    page = publisher_client.get(change_url(grantee)).content.decode()
    assert "What kind of change is this?" in page
    assert 'name="apply-confirm"' in page
    checkbox = (
        page.split('name="apply-confirm"')[0].rsplit("<input", 1)[1]
        + page.split('name="apply-confirm"')[1].split(">", 1)[0]
    )
    assert "required" in checkbox
    assert "It goes live at once." in page


@pytest.mark.parametrize(
    "data",
    [
        {"_apply_pending": "1"},
        {"_apply_pending": "1", "apply-change_kind": "minor"},
        {"_apply_pending": "1", "apply-confirm": "", "apply-change_kind": "major"},
    ],
)
def test_applying_without_the_confirmation_applies_nothing_and_asks(publisher_client, data):
    grantee = make_grantee(name="Live Name")
    held_rename(grantee)
    response = publisher_client.post(change_url(grantee), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tick the box to confirm, then apply." in page
    # The confirmation page shows what would change, old and new.
    assert "Live Name" in page
    assert "Proposed Name" in page
    grantee.refresh_from_db()
    assert grantee.name == "Live Name"
    assert HeldChange.objects.exists()


def test_a_major_change_needs_its_note_and_keeps_what_was_typed(publisher_client):
    grantee = make_grantee(name="Live Name")
    held_rename(grantee)
    response = publisher_client.post(
        change_url(grantee), {**APPLY, "apply-change_kind": "major", "apply-change_note": ""}
    )
    assert response.status_code == 200
    assert "Write a one-line public note for a major change." in response.content.decode()
    grantee.refresh_from_db()
    assert grantee.name == "Live Name"

    # A note typed with "minor" chosen would be dropped: it is refused instead, and kept.
    response = publisher_client.post(
        change_url(grantee), {**APPLY, "apply-change_note": "Renamed after the vote."}
    )
    page = response.content.decode()
    assert "A public note is published only with a major change." in page
    assert 'value="Renamed after the vote."' in page
    assert HeldChange.objects.exists()


def test_a_confirmed_major_apply_goes_live_with_its_note(publisher_client, client):
    grantee = make_grantee(slug="renamed", name="Live Name")
    held_rename(grantee)
    response = publisher_client.post(
        change_url(grantee),
        {**APPLY, "apply-change_kind": "major", "apply-change_note": "New name."},
    )
    assert response.status_code == 302
    assert "Applied — now live." in messages_of(response)
    grantee.refresh_from_db()
    assert grantee.name == "Proposed Name"
    assert grantee.last_major_update is not None
    assert ChangeNote.objects.get(object_id=grantee.pk).note == "New name."
    assert "Proposed Name" in client.get("/grantees/renamed/").content.decode()


def test_applying_to_a_scheduled_item_says_when_it_goes_live(publisher_client):
    later = timezone.now() + timedelta(days=10)
    grantee = make_grantee(name="Live Name", published_at=later)
    held_rename(grantee)
    page = publisher_client.get(change_url(grantee)).content.decode()
    assert "Residents see it when the item goes live" in page
    response = publisher_client.post(change_url(grantee), APPLY)
    [message] = messages_of(response)
    assert message.startswith("Applied — it goes live with the item, ")
    assert "now live" not in message


def test_the_confirmation_page_carries_the_choices_made_for_clashes(publisher_client):
    grantee = make_grantee(name="Live Name", summary="Old summary.")
    workflow.hold(
        grantee, {"summary": "Editor summary."}, {"summary": "Old summary."}, make_staff("editor")
    )
    Grantee.objects.filter(pk=grantee.pk).update(summary="Publisher summary.")
    page = publisher_client.post(
        change_url(grantee), {"_apply_pending": "1", "resolve:summary": "mine"}
    ).content.decode()
    assert '<input type="hidden" name="resolve:summary" value="mine">' in page
    publisher_client.post(change_url(grantee), {**APPLY, "resolve:summary": "mine"})
    grantee.refresh_from_db()
    assert grantee.summary == "Editor summary."


# --- Publish now -----------------------------------------------------------------------


def test_publish_now_from_the_list_asks_first_then_publishes(publisher_client, client):
    draft = make_grantee(slug="fresh", status="draft", name="Fresh Group")
    asked = publisher_client.post(
        LIST_URL, {"action": "publish", "_selected_action": [draft.pk], "index": "0"}
    )
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Publish now?" in page
    assert "Fresh Group" in page
    assert "What kind of change is this?" in page
    # The answer goes back to the list with the same action and selection.
    assert f'<input type="hidden" name="_selected_action" value="{draft.pk}">' in page
    assert '<input type="hidden" name="action" value="publish">' in page
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert client.get("/grantees/fresh/").status_code == 404

    done = publisher_client.post(
        LIST_URL,
        {
            "action": "publish",
            "_selected_action": [draft.pk],
            "index": "0",
            "publish_confirmed": "1",
            "publish-change_kind": "major",
            "publish-change_note": "A new grantee.",
        },
    )
    assert done.status_code == 302
    assert "Published — now live: Fresh Group." in messages_of(done)
    draft.refresh_from_db()
    assert draft.is_live()
    assert ChangeNote.objects.get(object_id=draft.pk).note == "A new grantee."
    assert client.get("/grantees/fresh/").status_code == 200


def test_publish_now_with_a_major_change_and_no_note_publishes_nothing(publisher_client):
    draft = make_grantee(status="draft")
    response = publisher_client.post(
        LIST_URL,
        {
            "action": "publish",
            "_selected_action": [draft.pk],
            "publish_confirmed": "1",
            "publish-change_kind": "major",
        },
    )
    assert response.status_code == 200
    assert "Write a one-line public note for a major change." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_publish_now_on_the_change_form_asks_first_then_publishes(publisher_client):
    draft = make_grantee(status="draft", name="Form Group")
    data = {"CHANGE_FORM-action": "publish", "_selected_action": [draft.pk]}
    asked = publisher_client.post(change_url(draft), data)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert f'action="{change_url(draft)}"' in page
    assert '<input type="hidden" name="CHANGE_FORM-action" value="publish">' in page
    draft.refresh_from_db()
    assert draft.status == "draft"

    done = publisher_client.post(
        change_url(draft), {**data, "publish_confirmed": "1", "publish-change_kind": "minor"}
    )
    assert done.status_code == 302
    assert "Published — now live: Form Group." in messages_of(done)
    draft.refresh_from_db()
    assert draft.is_live()
    assert not ChangeNote.objects.exists()


def test_publish_now_on_a_live_item_says_nothing_changed(publisher_client):
    live = make_grantee(name="Already Here")
    response = publisher_client.post(
        LIST_URL,
        {
            "action": "publish",
            "_selected_action": [live.pk],
            "publish_confirmed": "1",
            "publish-change_kind": "minor",
        },
    )
    assert "Already live, nothing changed: Already Here." in messages_of(response)
