"""Events as iCalendar (RFC 5545), in Portland's time zone."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

PORTLAND = ZoneInfo(settings.TIME_ZONE)


def event_start(event):
    """The start as an aware datetime in Portland, or the bare date when no time is set."""
    if event.start_time is None:
        return event.start_date
    return datetime.datetime.combine(event.start_date, event.start_time, tzinfo=PORTLAND)


def event_end(event):
    if event.end_time is None:
        return None
    return datetime.datetime.combine(event.start_date, event.end_time, tzinfo=PORTLAND)


def event_calendar(events, request, name=None):
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//{request.get_host()}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if name:
        # The name calendar apps show for a subscribed feed.
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(calendar_event(event, request))
    # Only events with a time carry a TZID, and each TZID needs its VTIMEZONE.
    calendar.add_missing_timezones()
    return calendar


def calendar_event(event, request):
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@{request.get_host()}")
    entry.add("dtstamp", event.updated_at or timezone.now())
    entry.add("summary", event.title)
    # The date sentence keeps a saved or subscribed copy honest once the day has passed.
    entry.add("description", f"{event.date_intro} {event.summary}")
    entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
    if event.location:
        entry.add("location", event.location)
    if event.start_time is None:
        # No time announced: an all-day entry on the right date, never a made-up hour.
        entry.add("dtstart", event.start_date)
        entry.add("dtend", event.start_date + datetime.timedelta(days=1))
    else:
        entry.add("dtstart", event_start(event))
        if event.end_time:
            entry.add("dtend", event_end(event))
    return entry
