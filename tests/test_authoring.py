"""Authoring checks on save: warnings never block a save; errors do."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from grants.models import Grantee
from publishing.authoring import markdown_warnings

from .conftest import (
    PUBLISH_CONFIRMED,
    admin_form_data,
    make_event,
    make_grant_round,
    make_grantee,
    make_program,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Read the report [here](https://example.org/report).", "“here”"),
        ("[Click here](https://example.org).", "“click here”"),
        ("[Learn more.](https://example.org)", "“learn more”"),
        ("## Programs\n\n#### Details", "level-4 heading follows a level-2"),
        ("# Title\n\n### Part", "level-3 heading follows a level-1"),
        ("![](https://example.org/map.png)", "no alternative text"),
    ],
)
def test_warnings_name_the_problem(text, expected):
    assert any(expected in warning for warning in markdown_warnings(text))


@pytest.mark.parametrize(
    "text",
    [
        "Read [the 2023 grant report](https://example.org/report).",
        "## Programs\n\n### Safer Summer PDX\n\n## Funding",
        "![Map of the pilot area](https://example.org/map.png)",
        "",
    ],
)
def test_good_writing_gets_no_warning(text):
    assert markdown_warnings(text) == []


def change(client, item, **fields):
    opts = item._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    return client.post(url, {**admin_form_data(client.get(url)), **fields}, follow=True)


def test_warnings_are_shown_but_the_save_goes_through(editor_client):
    grantee = make_grantee(status="draft")
    response = change(
        editor_client,
        grantee,
        description="Learn more about us [here](https://example.org).\n\n### Skipped",
    )
    page = response.content.decode()
    assert "Description: Link text “here”" in page
    assert "level-3 heading follows a level-1" in page
    grantee.refresh_from_db()
    assert "Learn more about us" in grantee.description


def test_the_publish_action_repeats_the_warnings(publisher_client):
    grantee = make_grantee(status="draft", description="See [click here](https://example.org).")
    response = publisher_client.post(
        reverse("admin:grants_grantee_changelist"),
        {"action": "publish", "_selected_action": [grantee.pk], **PUBLISH_CONFIRMED},
        follow=True,
    )
    assert "Link text “click here”" in response.content.decode()
    assert Grantee.objects.published().filter(pk=grantee.pk).exists()


@pytest.mark.parametrize("bad", ["ftp://example.org/file", "javascript:alert(1)", "data:,x"])
def test_a_url_that_is_not_http_is_an_error(editor_client, bad):
    grantee = make_grantee(website="")
    response = change(editor_client, grantee, website=bad)
    assert 'id="id_website_error"' in response.content.decode()
    grantee.refresh_from_db()
    assert grantee.website == ""


def test_the_models_refuse_non_web_addresses_too():
    from django.core.exceptions import ValidationError

    grantee = make_grantee(website="ftp://example.org/file")
    with pytest.raises(ValidationError, match="starting with https:// or http://"):
        grantee.full_clean()


def test_a_negative_amount_is_an_error(editor_client):
    grant_round = make_grant_round()
    grantee = make_grantee()
    url = reverse("admin:grants_grantround_change", args=[grant_round.pk])
    data = admin_form_data(editor_client.get(url))
    data.update(
        {"awards-TOTAL_FORMS": "1", "awards-0-grantee": str(grantee.pk), "awards-0-amount": "-5"}
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "An amount cannot be negative." in response.content.decode()
    assert not grant_round.awards.exists()


def test_an_end_before_a_start_is_an_error(editor_client):
    event = make_event(start_time="18:00", end_time=None)
    response = change(editor_client, event, start_time="18:00", end_time="17:00")
    assert "The end time must be after the start time." in response.content.decode()
    event.refresh_from_db()
    assert event.end_time is None


def test_a_milestone_done_but_dated_in_the_future_is_an_error(editor_client):
    program = make_program()
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = admin_form_data(editor_client.get(url))
    future = date.today() + timedelta(days=30)
    data.update(
        {
            "milestones-TOTAL_FORMS": "1",
            "milestones-0-title": "Contract signed",
            "milestones-0-date": future.isoformat(),
            "milestones-0-date_precision": "day",
            "milestones-0-is_done": "on",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "A step dated in the future cannot be done yet." in response.content.decode()
    assert not program.milestones.exists()
