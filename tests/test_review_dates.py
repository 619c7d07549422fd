"""Review dates: each page says when its content was checked, only if it was; items past
their 'check again by' date are listed for staff, and admin lists filter by it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from grants.models import Grantee
from partners.models import Service
from programs.models import Program
from tests.conftest import MODEL_BACKEND, make_grantee, make_program, make_staff, page_text

NOW = datetime.datetime(2030, 3, 1, 18, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2030, 3, 1)
DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


def staff_client(role="publisher"):
    client = Client()
    client.force_login(make_staff(role), backend=MODEL_BACKEND)
    return client


def test_a_checked_page_says_when_and_an_unchecked_one_says_nothing(client, seeded):
    assert "Content checked on" not in page_text(client.get("/grantees/ario/"))
    Grantee.objects.filter(slug="ario").update(reviewed_on=datetime.date(2026, 11, 2))
    html = client.get("/grantees/ario/").content.decode()
    assert 'Content checked on <time datetime="2026-11-02">November 2, 2026</time>.' in html
    # Another grantee, never checked, claims nothing.
    assert "Content checked on" not in page_text(client.get("/grantees/help/"))


@pytest.mark.parametrize("url", ["/programs/", "/"])
def test_a_list_page_gives_the_oldest_check_and_nothing_if_any_item_is_unchecked(
    client, seeded, url
):
    Program.objects.update(reviewed_on=datetime.date(2026, 11, 2))
    Program.objects.filter(slug="safer-summer-pdx").update(reviewed_on=datetime.date(2026, 10, 5))
    if url == "/":
        # The home page also shows 311, events, budgets, resources and the latest round.
        for model in Program._meta.apps.get_models():
            if hasattr(model, "reviewed_on") and not model._meta.model_name.startswith("hist"):
                model._base_manager.filter(reviewed_on=None).update(
                    reviewed_on=datetime.date(2026, 11, 20)
                )
    assert "Content checked on October 5, 2026" in page_text(client.get(url))
    Program.objects.filter(slug="safer-summer-pdx").update(reviewed_on=None)
    assert "Content checked on" not in page_text(client.get(url))


def test_a_check_cannot_be_dated_in_the_future_or_the_next_before_it(clock):
    program = make_program(reviewed_on=TODAY + DAY)
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert "reviewed_on" in error.value.message_dict
    program.reviewed_on, program.review_by = TODAY, TODAY
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert "review_by" in error.value.message_dict


def test_the_desk_lists_items_past_their_review_date_most_overdue_first(clock):
    make_program(title="Overdue Program", review_by=TODAY - 10 * DAY, reviewed_on=TODAY - 400 * DAY)
    make_grantee(name="Overdue Grantee", review_by=TODAY)
    make_program(title="Not Yet Due", review_by=TODAY + DAY)
    make_program(title="No Date Set")
    page = staff_client().get(reverse("admin:index")).content.decode()
    start = page.index("Due for a content check (2)")
    section = page[start : page.index("</table>", start)]
    assert section.index("Overdue Program") < section.index("Overdue Grantee")
    assert "Last checked" in section and "Never checked" in section
    assert "Not Yet Due" not in section and "No Date Set" not in section


def test_the_desk_says_when_nothing_is_due(clock):
    make_program(review_by=TODAY + DAY)
    page = staff_client().get(reverse("admin:index")).content.decode()
    assert "Due for a content check (0)" in page
    assert "No item is past its" in page


def test_admin_lists_filter_items_due_for_a_check_and_never_checked(clock):
    make_program(title="Overdue Program", review_by=TODAY - DAY, reviewed_on=TODAY - 90 * DAY)
    make_program(title="Checked Program", reviewed_on=TODAY - DAY, review_by=TODAY + 90 * DAY)
    make_program(title="Unchecked Program")
    client = staff_client()
    url = reverse("admin:programs_program_changelist")
    due = client.get(url, {"check": "due"}).content.decode()
    assert "Overdue Program" in due
    assert "Checked Program" not in due and "Unchecked Program" not in due
    never = client.get(url, {"check": "never"}).content.decode()
    assert "Unchecked Program" in never and "Checked Program" not in never
    # Every content list has the filter, including those that declare their own filters.
    events = client.get(reverse("admin:programs_event_changelist")).content.decode()
    assert "By content check" in events


def test_staff_set_the_check_dates_in_the_change_form(clock):
    program = make_program(title="Program to check")
    page = staff_client().get(reverse("admin:programs_program_change", args=[program.pk]))
    html = page.content.decode()
    assert 'name="reviewed_on"' in html and 'name="review_by"' in html
    assert "Content check" in html


def test_a_page_past_its_review_date_still_shows_only_true_facts(client, seeded, clock):
    Service.objects.update(reviewed_on=TODAY - 400 * DAY, review_by=TODAY - 30 * DAY)
    Grantee.objects.filter(slug="ario").update(
        reviewed_on=TODAY - 400 * DAY, review_by=TODAY - 30 * DAY
    )
    page = page_text(client.get("/grantees/ario/"))
    # The day of the last check, as it was: never moved forward, never called current.
    assert "Content checked on January 25, 2029" in page
    assert "up to date" not in page.lower()


def test_the_seed_claims_no_check_that_did_not_happen(seeded):
    for model in (Program, Grantee, Service):
        assert not model.objects.exclude(reviewed_on=None).exists()
