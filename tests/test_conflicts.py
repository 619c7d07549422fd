"""Two people edit the same record: the second save is refused, and nothing typed is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from grants.models import Grantee

from .conftest import MODEL_BACKEND, admin_form_data, make_grantee, make_program, make_staff

pytestmark = pytest.mark.django_db


def staff_client(role):
    client = Client()
    client.force_login(make_staff(role), backend=MODEL_BACKEND)
    return client


def test_saves_of_different_fields_merge_and_keep_both():
    # A draft: an editor's save of a published item is held for review instead.
    grantee = make_grantee(name="Original Name", summary="Original summary.", status="draft")
    url = reverse("admin:grants_grantee_change", args=[grantee.pk])
    first, second = staff_client("editor"), staff_client("publisher")
    first_data = admin_form_data(first.get(url))
    second_data = admin_form_data(second.get(url))

    assert second.post(url, {**second_data, "name": "Name From Second"}).status_code == 302
    assert first.post(url, {**first_data, "summary": "Typed by the first."}).status_code == 302
    grantee.refresh_from_db()
    assert (grantee.name, grantee.summary) == ("Name From Second", "Typed by the first.")


def test_both_changing_one_field_is_refused_with_both_versions_and_a_choice():
    long_text = "The program funds outreach workers in four neighborhoods. " * 3
    grantee = make_grantee(name="Original", description=long_text, status="draft")
    url = reverse("admin:grants_grantee_change", args=[grantee.pk])
    first, second = staff_client("editor"), staff_client("publisher")
    first_data = admin_form_data(first.get(url))
    second_data = admin_form_data(second.get(url))
    theirs = long_text + "Added by the second."
    mine = long_text + "Added by the first."
    assert second.post(url, {**second_data, "description": theirs}).status_code == 302

    response = first.post(url, {**first_data, "description": mine, "name": "Renamed"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: someone else changed the same thing" in page
    # Both versions in full, a word-level diff, and a choice: nothing dropped unasked.
    assert "Added by the second." in page and "Added by the first." in page
    assert "<del>second.</del>" in page and "<ins>first.</ins>" in page
    assert 'name="resolve:description"' in page
    grantee.refresh_from_db()
    assert (grantee.name, grantee.description) == ("Original", theirs)

    again = {**admin_form_data(response), "resolve:description": "mine"}
    assert first.post(url, again).status_code == 302
    grantee.refresh_from_db()
    assert (grantee.name, grantee.description) == ("Renamed", mine)


def test_choosing_the_saved_version_keeps_it_and_the_rest_of_the_save():
    grantee = make_grantee(name="Original", summary="Original summary.", status="draft")
    url = reverse("admin:grants_grantee_change", args=[grantee.pk])
    first, second = staff_client("editor"), staff_client("publisher")
    first_data = admin_form_data(first.get(url))
    second.post(url, {**admin_form_data(second.get(url)), "summary": "Theirs."})
    response = first.post(url, {**first_data, "summary": "Mine.", "name": "Renamed"})
    again = {**admin_form_data(response), "resolve:summary": "theirs"}
    assert first.post(url, again).status_code == 302
    grantee.refresh_from_db()
    assert (grantee.name, grantee.summary) == ("Renamed", "Theirs.")


def test_a_row_changed_on_both_sides_is_refused_and_the_input_kept():
    program = make_program(status="draft")
    step = program.milestones.create(title="Original step", date="2022-01-01")
    url = reverse("admin:programs_program_change", args=[program.pk])
    first, second = staff_client("editor"), staff_client("editor")
    first_data = admin_form_data(first.get(url))
    second_data = admin_form_data(second.get(url))
    row = next(k for k, v in second_data.items() if k.endswith("-id") and v == str(step.pk))
    title_key = row.replace("-id", "-title")
    assert second.post(url, {**second_data, title_key: "Their step"}).status_code == 302

    response = first.post(url, {**first_data, title_key: "A step typed in the inline"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "A step typed in the inline" in page and "Their step" in page
    step.refresh_from_db()
    assert step.title == "Their step"


def test_an_untouched_row_keeps_what_someone_else_saved():
    program = make_program(status="draft")
    step = program.milestones.create(title="Original step", date="2022-01-01")
    url = reverse("admin:programs_program_change", args=[program.pk])
    first, second = staff_client("editor"), staff_client("editor")
    first_data = admin_form_data(first.get(url))
    second_data = admin_form_data(second.get(url))
    row = next(k for k, v in second_data.items() if k.endswith("-id") and v == str(step.pk))
    assert (
        second.post(url, {**second_data, row.replace("-id", "-title"): "Theirs"}).status_code == 302
    )

    assert first.post(url, {**first_data, "title": "Retitled"}).status_code == 302
    step.refresh_from_db()
    program.refresh_from_db()
    assert (program.title, step.title) == ("Retitled", "Theirs")


def test_saving_twice_in_a_row_alone_is_not_a_conflict(editor_client):
    grantee = make_grantee(status="draft")
    url = reverse("admin:grants_grantee_change", args=[grantee.pk])
    data = admin_form_data(editor_client.get(url))
    assert editor_client.post(url, {**data, "_continue": "1"}).status_code == 302
    data = admin_form_data(editor_client.get(url))
    assert editor_client.post(url, {**data, "name": "Second save"}).status_code == 302
    assert Grantee.objects.get(pk=grantee.pk).name == "Second save"
