"""Event and timeline wording follows the date, on a clock the tests move: a past event
reads in the past tense on its page, in its body, on its program's timeline and in its
calendar file, even when the page was stored in the page cache the day before."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import caches
from icalendar import Calendar

from tests.conftest import make_event, make_milestone, make_program, page_text

# 18:00 UTC on March 1, 2030 is 10:00 in Portland (PST).
NOW = datetime(2030, 3, 1, 18, 0, tzinfo=UTC)
# Portland's midnight between March 2 and March 3 (08:00 UTC, still PST).
MIDNIGHT_AFTER_EVENT = datetime(2030, 3, 3, 8, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def townhall(clock):
    program = make_program(title="Listening tour", slug="listening-tour")
    return make_event(
        program,
        slug="spring-townhall",
        title="Spring townhall",
        summary="A chance to ask questions.",
        start_date="2030-03-02",
        description="The City will host a townhall. Bring your questions.",
        description_after="The City hosted a townhall. People asked questions.",
    )


def ics_description(client, url):
    calendar = Calendar.from_ical(client.get(url).content)
    [entry] = calendar.walk("VEVENT")
    return str(entry["DESCRIPTION"])


def test_an_upcoming_event_invites_and_a_past_one_reports(client, clock, townhall):
    page = page_text(client.get("/events/spring-townhall/"))
    assert "This event will take place on Saturday, March 2, 2030." in page
    assert "The City will host a townhall." in page
    assert "hosted" not in page and "took place" not in page
    assert "will take place" in ics_description(client, "/events/spring-townhall.ics")

    clock.now = MIDNIGHT_AFTER_EVENT - timedelta(seconds=1)
    assert "This event is today, Saturday, March 2, 2030." in page_text(
        client.get("/events/spring-townhall/")
    )

    clock.now = MIDNIGHT_AFTER_EVENT
    page = page_text(client.get("/events/spring-townhall/"))
    assert "This event took place on Saturday, March 2, 2030." in page
    assert "The City hosted a townhall. People asked questions." in page
    assert "will host" not in page and "will take place" not in page
    description = ics_description(client, "/events/spring-townhall.ics")
    assert description.startswith("This event took place on Saturday, March 2, 2030.")
    assert "A chance to ask questions." in description
    assert "will" not in ics_description(client, "/events.ics")


def test_a_past_event_without_a_past_tense_text_shows_its_summary_not_the_invitation(
    client, clock, townhall
):
    townhall.description_after = ""
    townhall.save()
    clock.now = MIDNIGHT_AFTER_EVENT + timedelta(days=30)
    page = page_text(client.get("/events/spring-townhall/"))
    assert "A chance to ask questions." in page
    assert "will host" not in page


def test_the_timeline_words_events_and_steps_by_their_dates(client, clock, townhall):
    program = townhall.program
    make_milestone(program, title="Survey opens", date="2030-03-02", is_done=False)
    make_milestone(program, title="Decision", date=None, is_done=False)
    page = page_text(client.get("/programs/listening-tour/"))
    assert "(upcoming event)" in page
    assert page.count("(planned)") == 2

    clock.now = MIDNIGHT_AFTER_EVENT
    page = page_text(client.get("/programs/listening-tour/"))
    assert "(past event)" in page and "(upcoming event)" not in page
    # The dated step is behind us; only the undated one is still called planned.
    assert page.count("(planned)") == 1
    assert "in progress" not in page


def test_a_page_stored_the_day_before_is_not_served_after_midnight(
    client, clock, townhall, settings
):
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    try:
        clock.now = MIDNIGHT_AFTER_EVENT - timedelta(minutes=1)
        assert "This event is today" in page_text(client.get("/events/spring-townhall/"))
        # Served from the cache while the day lasts…
        assert "This event is today" in page_text(client.get("/events/spring-townhall/"))
        clock.now = MIDNIGHT_AFTER_EVENT
        assert "This event took place" in page_text(client.get("/events/spring-townhall/"))
    finally:
        caches["default"].clear()


def test_seeded_townhall_reads_in_the_past_tense_today(client, seeded):
    page = page_text(client.get("/events/gunshot-detection-townhall/"))
    assert "This event took place on Tuesday, April 25, 2023." in page
    assert "will host" not in page and "will provide" not in page
    description = ics_description(client, "/events/gunshot-detection-townhall.ics")
    assert description.startswith("This event took place on Tuesday, April 25, 2023.")


def test_the_events_data_twin_follows_the_date_too(client, clock, townhall):
    data = client.get("/events/spring-townhall.json").json()
    assert "will host" in data["description_html"]
    clock.now = MIDNIGHT_AFTER_EVENT
    data = client.get("/events/spring-townhall.json").json()
    assert "hosted a townhall" in data["description_html"]
    assert "will" not in data["description_html"]
