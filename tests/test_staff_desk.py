"""Staff see what needs them: the desk on the admin home, and mail about held changes."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from publishing import workflow
from publishing.models import HeldChange

from .conftest import MODEL_BACKEND, make_grantee, make_program, make_staff

pytestmark = pytest.mark.django_db

ADMIN_HOME = reverse("admin:index")


def signed_in(user):
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def staff(role, email=True):
    user = make_staff(role)
    if email:
        user.email = f"{user.username}@portland.example"
        user.save()
    return user


def hold_name(item, user, name):
    return workflow.hold(item, {"name": name}, {"name": item.name}, user)


def section(page, caption):
    """The table whose caption starts with ``caption``."""
    match = re.search(rf"<table[^>]*>\s*<caption>{re.escape(caption)}.*?</table>", page, re.S)
    assert match, f"no section {caption!r}"
    return match.group(0)


# --- The desk ---------------------------------------------------------------------


def test_a_publisher_sees_every_change_waiting_with_its_author_summary_and_link():
    grantee = make_grantee(name="Rose City Youth")
    editor = staff("editor")
    with transaction.atomic():
        hold_name(grantee, editor, "Rose City Youth Collective")
    page = signed_in(staff("publisher")).get(ADMIN_HOME).content.decode()
    waiting = section(page, "Waiting for your review (1)")
    assert f'href="{change_url(grantee)}"' in waiting
    assert "Rose City Youth" in waiting
    assert editor.username in waiting
    assert "Name" in waiting
    assert "My changes waiting" not in page


def test_an_editor_sees_the_queue_labelled_and_can_withdraw_their_own_change():
    grantee = make_grantee()
    editor = staff("editor")
    hold_name(grantee, editor, "Changed")
    client = signed_in(editor)
    page = client.get(ADMIN_HOME).content.decode()
    assert "Waiting for a publisher's review" in page
    mine = section(page, "My changes waiting for review (1)")
    assert f'<form method="post" action="{change_url(grantee)}">' in mine
    assert 'name="csrfmiddlewaretoken"' in mine
    assert 'name="_discard_pending"' in mine

    assert client.post(change_url(grantee), {"_discard_pending": "1"}).status_code == 302
    assert not HeldChange.objects.exists()
    page = client.get(ADMIN_HOME).content.decode()
    assert "Nothing is waiting for review." in page


def test_drafts_never_published_are_listed_newest_first_and_once_public_ones_are_not():
    older = make_program(status="draft", title="Older Draft")
    newer = make_program(status="draft", title="Newer Draft")
    unpublished = make_program(status="published", title="Was Public")
    unpublished.status = "draft"
    unpublished.save()
    page = signed_in(staff("editor")).get(ADMIN_HOME).content.decode()
    drafts = section(page, "Drafts never published")
    assert drafts.index("Newer Draft") < drafts.index("Older Draft")
    assert f'href="{change_url(newer)}"' in drafts
    assert f'href="{change_url(older)}"' in drafts
    assert "Was Public" not in drafts


def test_items_going_live_or_expiring_within_fourteen_days_are_listed_soonest_first():
    now = timezone.now()
    day = datetime.timedelta(days=1)
    make_program(title="Goes Live Soon", published_at=now + 3 * day)
    make_program(title="Expires Sooner", published_at=now - day, expires_at=now + 2 * day)
    make_program(title="Goes Live Later", published_at=now + 30 * day)
    make_program(title="Expires Later", published_at=now - day, expires_at=now + 30 * day)
    page = signed_in(staff("publisher")).get(ADMIN_HOME).content.decode()
    upcoming = section(page, "Going live or expiring in the next 14 days (2)")
    assert upcoming.index("Expires Sooner") < upcoming.index("Goes Live Soon")
    assert "Later" not in upcoming


def add_one_of_each(publisher, editor, number):
    now = timezone.now()
    overdue = timezone.localdate() - datetime.timedelta(days=1)
    make_program(review_by=overdue)
    make_grantee(review_by=overdue)
    make_program(status="draft")
    make_program(published_at=now + datetime.timedelta(days=2))
    make_grantee(status="draft")
    make_grantee(
        published_at=now - datetime.timedelta(days=1), expires_at=now + datetime.timedelta(days=1)
    )
    hold_name(make_grantee(), editor, f"Changed {number}")
    hold_name(make_grantee(), publisher, f"Mine {number}")


def test_the_desk_costs_the_same_queries_however_much_content_waits(
    seeded, django_assert_max_num_queries
):
    publisher, editor = staff("publisher"), staff("editor")
    client = signed_in(publisher)
    # Every section has something in it, so each of its queries runs once already.
    add_one_of_each(publisher, editor, 0)
    client.get(ADMIN_HOME)
    with CaptureQueriesContext(connection) as few:
        assert client.get(ADMIN_HOME).status_code == 200

    for number in range(1, 15):
        add_one_of_each(publisher, editor, number)
    with django_assert_max_num_queries(len(few)):
        page = client.get(ADMIN_HOME).content.decode()
    assert "My changes waiting for review (15)" in page
    assert page.count("Withdraw</button>") == 10
    assert "Due for a content check (30)" in page


# --- Mail ---------------------------------------------------------------------------


def test_publishers_with_an_address_are_emailed_when_a_change_is_held(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://safety.portland.example"
    first, second = staff("publisher"), staff("publisher")
    staff("publisher", email=False)
    grantee = make_grantee(name="Rose City Youth")
    editor = staff("editor")
    with django_capture_on_commit_callbacks(execute=True):
        hold_name(grantee, editor, "Rose City Youth Collective")
    [mail] = mailoutbox
    assert sorted(mail.to) == sorted([first.email, second.email])
    assert mail.subject == "A change to Rose City Youth is waiting for your review"
    assert f"https://safety.portland.example{change_url(grantee)}" in mail.body

    # The editor adding to their own waiting change does not mail again.
    with django_capture_on_commit_callbacks(execute=True):
        workflow.hold(
            grantee, {"description": "More."}, {"description": grantee.description}, editor
        )
    assert len(mailoutbox) == 1


def test_a_user_given_the_permission_directly_is_a_publisher_too(
    mailoutbox, django_capture_on_commit_callbacks
):
    direct = staff("editor")
    direct.user_permissions.add(Permission.objects.get(codename="publish"))
    with django_capture_on_commit_callbacks(execute=True):
        hold_name(make_grantee(), staff("editor"), "Changed")
    assert mailoutbox[0].to == [direct.email]


def test_the_author_is_emailed_when_a_publisher_applies_their_change(
    mailoutbox, django_capture_on_commit_callbacks
):
    grantee = make_grantee(name="Old")
    editor = staff("editor")
    held = hold_name(grantee, editor, "New")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(held, staff("publisher"))
    [mail] = mailoutbox
    assert mail.to == [editor.email]
    assert mail.subject == "Your change to New was applied"
    assert change_url(grantee) in mail.body


def test_the_author_is_emailed_when_a_publisher_discards_their_change(
    mailoutbox, django_capture_on_commit_callbacks
):
    grantee = make_grantee(name="Old")
    editor = staff("editor")
    held = hold_name(grantee, editor, "New")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.discard(held, staff("publisher"))
    [mail] = mailoutbox
    assert mail.to == [editor.email]
    assert mail.subject == "Your change to Old was discarded"


def test_nobody_is_emailed_when_the_author_withdraws_their_own_change(
    mailoutbox, django_capture_on_commit_callbacks
):
    editor = staff("editor")
    held = hold_name(make_grantee(), editor, "New")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.discard(held, editor)
    assert mailoutbox == []


def test_nothing_is_emailed_when_the_transaction_rolls_back(
    mailoutbox, django_capture_on_commit_callbacks
):
    staff("publisher")

    class Undo(Exception):
        pass

    editor, grantee = staff("editor"), make_grantee()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Undo),
        transaction.atomic(),
    ):
        hold_name(grantee, editor, "New")
        raise Undo
    assert callbacks == []
    assert mailoutbox == []
    assert not HeldChange.objects.exists()


def test_a_mail_server_failure_never_fails_the_save(
    mailoutbox, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    staff("publisher")

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("publishing.notifications.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        held = hold_name(make_grantee(), staff("editor"), "New")
    assert HeldChange.objects.get() == held
    assert "Could not send" in caplog.text
