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


def test_the_second_save_is_refused_with_what_changed_and_keeps_its_input():
    # A draft: an editor's save of a published item is held for review instead.
    grantee = make_grantee(name="Original Name", summary="Original summary.", status="draft")
    url = reverse("admin:grants_grantee_change", args=[grantee.pk])
    first, second = staff_client("editor"), staff_client("publisher")
    first_data = admin_form_data(first.get(url))
    second_data = admin_form_data(second.get(url))

    second_data["name"] = "Name From Second"
    assert second.post(url, second_data).status_code == 302

    first_data["summary"] = "Summary typed by the first editor."
    response = first.post(url, first_data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: this item was changed" in page
    assert "“Original Name” → “Name From Second”" in page
    assert "Summary typed by the first editor." in page  # the form comes back filled
    grantee.refresh_from_db()
    assert grantee.name == "Name From Second"
    assert grantee.summary == "Original summary."

    # Having seen the message, the first editor saves again on purpose.
    again = admin_form_data(response)
    assert again["summary"] == "Summary typed by the first editor."
    assert first.post(url, again).status_code == 302
    grantee.refresh_from_db()
    assert grantee.summary == "Summary typed by the first editor."


def test_inline_input_is_kept_when_a_save_is_refused():
    program = make_program(status="draft")
    url = reverse("admin:programs_program_change", args=[program.pk])
    first, second = staff_client("editor"), staff_client("editor")
    first_data = admin_form_data(first.get(url))
    second.post(url, {**admin_form_data(second.get(url)), "title": "Retitled"})

    first_data.update(
        {
            "milestones-TOTAL_FORMS": "1",
            "milestones-0-title": "A step typed in the inline",
            "milestones-0-date_precision": "day",
            "milestones-0-is_done": "on",
        }
    )
    response = first.post(url, first_data)
    assert response.status_code == 200
    assert "A step typed in the inline" in response.content.decode()
    assert not program.milestones.exists()


def test_saving_twice_in_a_row_alone_is_not_a_conflict(editor_client):
    grantee = make_grantee(status="draft")
    url = reverse("admin:grants_grantee_change", args=[grantee.pk])
    data = admin_form_data(editor_client.get(url))
    assert editor_client.post(url, {**data, "_continue": "1"}).status_code == 302
    data = admin_form_data(editor_client.get(url))
    assert editor_client.post(url, {**data, "name": "Second save"}).status_code == 302
    assert Grantee.objects.get(pk=grantee.pk).name == "Second save"
