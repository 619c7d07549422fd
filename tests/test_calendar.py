"""Event pages export RFC 5545 iCalendar in Portland's time zone."""

import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from programs.models import Program

from .conftest import make_event

PORTLAND = ZoneInfo("America/Los_Angeles")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, calendar.walk("VEVENT")


def test_seed_townhall_is_an_all_day_entry_on_april_25_2023(client, seeded):
    calendar, events = parse(client.get("/events/gunshot-detection-townhall.ics"))
    assert calendar["VERSION"] == "2.0"
    assert calendar["X-WR-TIMEZONE"] == "America/Los_Angeles"
    (event,) = events
    assert str(event["SUMMARY"]) == "Gunshot Detection Townhall"
    # No time was announced, so the entry is the whole day, not an invented hour.
    assert event.decoded("DTSTART") == datetime.date(2023, 4, 25)
    assert event.decoded("DTEND") == datetime.date(2023, 4, 26)
    assert event["URL"].endswith("/events/gunshot-detection-townhall/")


def test_timed_event_carries_the_portland_time_zone(client, seeded):
    make_event(
        program=Program.objects.first(),
        slug="evening-meeting",
        start_date="2030-07-15",
        start_time="18:30",
        end_time="20:00",
        location="Community hall",
    )
    calendar, (event,) = parse(client.get("/events/evening-meeting.ics"))
    start = event.decoded("DTSTART")
    assert start == datetime.datetime(2030, 7, 15, 18, 30, tzinfo=PORTLAND)
    assert start.utcoffset() == datetime.timedelta(hours=-7)  # daylight time in July
    assert event["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert event.decoded("DTEND") == datetime.datetime(2030, 7, 15, 20, 0, tzinfo=PORTLAND)
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "America/Los_Angeles"
    assert str(event["LOCATION"]) == "Community hall"


def test_a_past_event_says_it_took_place_and_offers_no_calendar_button(client, seeded):
    html = client.get("/events/gunshot-detection-townhall/").content.decode()
    assert "This event took place on Tuesday, April 25, 2023." in html
    assert "Add Gunshot Detection Townhall to your calendar" not in html
    assert "Not yet announced" not in html


def test_an_upcoming_event_offers_the_calendar_file(client, seeded):
    make_event(program=Program.objects.first(), slug="next-year", start_date="2099-01-10")
    html = client.get("/events/next-year/").content.decode()
    assert "took place" not in html
    assert 'href="/events/next-year.ics"' in html
    assert "Not yet announced" in html  # no time or place given yet
