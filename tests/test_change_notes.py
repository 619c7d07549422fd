"""A publisher marks a change major (with a public note) or minor; residents see
'Last updated' and the list of notes, and typo fixes stay silent."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from publishing.models import ChangeNote

from .conftest import MODEL_BACKEND, admin_form_data, make_grantee

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 4, 10, 19, 0, tzinfo=UTC)


def save(client, item, **changes):
    url = reverse("admin:grants_grantee_change", args=[item.pk])
    return client.post(url, {**admin_form_data(client.get(url)), **changes})


def test_a_major_change_shows_last_updated_and_its_note(clock, publisher_client, publisher, client):
    grantee = make_grantee(slug="noted")
    save(
        publisher_client,
        grantee,
        summary="New summary.",
        change_kind="major",
        change_note="Added the 2030 grant amount.",
    )
    clock.now = NOW + timedelta(days=20)
    publisher_client.force_login(publisher, backend=MODEL_BACKEND)  # a new working day
    save(publisher_client, grantee, summary="New summary, fixed typo.", change_kind="minor")
    clock.now = NOW + timedelta(days=40)
    publisher_client.force_login(publisher, backend=MODEL_BACKEND)
    save(
        publisher_client,
        grantee,
        summary="Another.",
        change_kind="major",
        change_note="Named the new program manager.",
    )

    page = client.get("/grantees/noted/").content.decode()
    assert 'Last updated <time datetime="2030-05-20' in page
    assert "See all updates" in page
    assert "Added the 2030 grant amount." in page
    assert "Named the new program manager." in page
    assert page.index("Named the new program manager.") < page.index("Added the 2030 grant")
    assert ChangeNote.objects.count() == 2


def test_minor_changes_stay_silent(publisher_client, client):
    grantee = make_grantee(slug="quiet")
    save(publisher_client, grantee, summary="Typo fixed.", change_kind="minor")
    page = client.get("/grantees/quiet/").content.decode()
    assert "Last updated" not in page
    assert "See all updates" not in page


def test_a_major_change_needs_a_note(publisher_client):
    grantee = make_grantee()
    response = save(publisher_client, grantee, change_kind="major", change_note="")
    assert response.status_code == 200
    assert "Write a one-line public note for a major change." in response.content.decode()


def test_editors_cannot_mark_a_change_major(editor_client):
    # A draft, so the editor's save is applied rather than held for review.
    grantee = make_grantee(status="draft")
    form = editor_client.get(reverse("admin:grants_grantee_change", args=[grantee.pk]))
    assert "Kind of change" not in form.content.decode()
    save(editor_client, grantee, change_kind="major", change_note="Sneaky note.")
    grantee.refresh_from_db()
    assert grantee.last_major_update is None
    assert not ChangeNote.objects.exists()


def test_a_page_with_notes_runs_a_fixed_number_of_queries(client):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    grantee = make_grantee(slug="many-notes")
    grantee.last_major_update = timezone.now()
    grantee.save()
    content_type = ContentType.objects.get_for_model(grantee)

    def count(url="/grantees/many-notes/"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    make_grantee(slug="no-notes")
    without_notes = count("/grantees/no-notes/")

    ChangeNote.objects.create(content_type=content_type, object_id=grantee.pk, note="One.")
    with_one = count()
    ChangeNote.objects.bulk_create(
        ChangeNote(content_type=content_type, object_id=grantee.pk, note=f"Note {n}.")
        for n in range(30)
    )
    assert count() == with_one
    # The page without notes, plus the one query for them.
    assert with_one == without_notes + 1
