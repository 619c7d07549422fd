"""What programs and events add to site search, the feeds, the sitemap and /data/."""

import datetime

from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from publishing.data import ORGANIZATION_REF, PAGE_LINKS, under
from publishing.registry import Export, Source, Update, content_app, section

from .calendar import PORTLAND
from .models import Event, Milestone, Program

app = content_app("programs")

app.search(
    Source(
        "program",
        _("Program"),
        Program,
        "title",
        (("title", "A"), ("short_name", "A"), ("summary", "B"), ("body", "C")),
        F("summary"),
        "short_name",
        boost=20.0,
        keywords=_("program, programs"),
    ),
    Source(
        "event",
        _("Event"),
        Event,
        "title",
        (("title", "A"), ("summary", "B"), ("description", "C"), ("location", "C")),
        F("summary"),
        boost=5.0,
        keywords=_("event, events"),
    ),
)

section(
    "programs:list",
    _("Programs"),
    _("Every community safety program: what it does, who runs it and how it is going."),
    _("program, programs, initiative, project"),
)


@app.updates
def milestone_updates(limit):
    return [
        Update(
            kind="milestone",
            key=str(milestone.pk),
            title=f"{milestone.program.title}: {milestone.title}",
            description=milestone.description or milestone.title,
            url=milestone.program.get_absolute_url(),
            # A milestone has a date but no time: noon in Portland is that date everywhere.
            updated=datetime.datetime.combine(milestone.date, datetime.time(12), tzinfo=PORTLAND),
        )
        for milestone in Milestone.objects.latest_public()[:limit]
    ]


@app.updates
def event_updates(limit):
    return [
        Update(
            kind="event",
            key=str(event.pk),
            title=gettext("Event: %(title)s, %(day)s")
            % {"title": event.title, "day": date_format(event.start_date, "F j")},
            description=event.summary,
            url=event.get_absolute_url(),
            updated=event.published_at,
        )
        for event in Event.objects.published().order_by("-published_at", "-pk")[:limit]
    ]


app.sitemap("programs", Program)
app.sitemap("events", Event)
app.list_page("programs:list")

app.export_link("programs", "programs:list-json", _("All programs, JSON."))
app.export_link("events_calendar", "programs:events-ics", _("All events, iCalendar."), feed=True)

PROGRAM_SUMMARY = (
    ("title", _("The program's name.")),
    ("short_name", _("Its acronym, such as PSR; empty when it has none.")),
    ("summary", _("One plain sentence about the program.")),
    *PAGE_LINKS,
)

EVENT_SUMMARY = (
    ("title", _("The event's name.")),
    ("start_date", _("The day it takes place (YYYY-MM-DD).")),
    *PAGE_LINKS,
)

app.export(
    Export(
        "programs",
        _("Programs"),
        _("Every published program."),
        ("/programs.json",),
        (
            ("count", _("How many programs.")),
            ("programs", _("The programs, in the order the programs page shows them.")),
            *under("programs[].", PROGRAM_SUMMARY),
        ),
    ),
    Export(
        "program",
        _("A program"),
        _("One program with everything its page shows."),
        ("/programs/<slug>.json",),
        (
            *PROGRAM_SUMMARY,
            ("slug", _("The last part of its page address.")),
            ("body_html", _("The full description.")),
            ("lead_agency", _("The agency that runs it, or null.")),
            *under("lead_agency.", ORGANIZATION_REF),
            ("more_info_url", _("Where to read more elsewhere, or null until confirmed.")),
            ("components", _("Its parts, such as the three prongs of Safer Summer PDX.")),
            ("components[].title", _("The part's name.")),
            ("components[].description_html", _("What it does.")),
            (
                "components[].amount_usd",
                _("Its funding in US dollars, or null when not published."),
            ),
            ("components[].organizations", _("Names of the teams and groups that carry it out.")),
            ("milestones", _("Its timeline, oldest first; undated steps last.")),
            ("milestones[].date", _("The day (YYYY-MM-DD), or null when not yet dated.")),
            ("milestones[].date_precision", _("day, or month when only the month is known.")),
            ("milestones[].title", _("What happened.")),
            ("milestones[].description", _("More detail; may be empty.")),
            ("milestones[].done", _("true once the step is complete.")),
            ("events", _("Its events.")),
            *under("events[].", EVENT_SUMMARY),
            ("funding", _("Budget items that fund it.")),
            ("funding[].title", _("The budget item.")),
            ("funding[].budget", _("The budget it belongs to.")),
            ("funding[].amount_usd", _("Its amount in US dollars, or null when not published.")),
            ("funding[].url", _("The item on the budget page.")),
            ("updated_at", _("When the City last changed this record.")),
        ),
    ),
    Export(
        "event",
        _("An event"),
        _("One event. The same event for a calendar app is at ics_url."),
        ("/events/<slug>.json",),
        (
            *EVENT_SUMMARY,
            ("slug", _("The last part of its page address.")),
            ("ics_url", _("The event as an iCalendar file.")),
            ("summary", _("One sentence about the event.")),
            (
                "description_html",
                _(
                    "The full description as the page shows it today: once the day has passed, "
                    "the account of what happened (empty if none has been written)."
                ),
            ),
            ("start", _("Start with Portland's UTC offset, or just the date when no time is set.")),
            ("end", _("End with Portland's UTC offset, or null.")),
            ("time_zone", _("Always America/Los_Angeles.")),
            ("location", _("Where it takes place, or null until announced.")),
            ("program", _("The program it belongs to, or null.")),
            ("program.title", _("The program's name.")),
            ("program.url", _("The program's page.")),
            ("host", _("Who hosts it, or null.")),
            *under("host.", ORGANIZATION_REF),
            ("updated_at", _("When the City last changed this record.")),
        ),
    ),
)
