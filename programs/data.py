"""Programs and events as JSON twins and as schema.org structured data."""

from django.conf import settings

from publishing.data import absolute, iso, money, organization_ref, published_or_none
from publishing.linked_data import organization_ld

from .calendar import event_end, event_start


def program_ref(request, program):
    return {
        "title": program.title,
        "short_name": program.short_name,
        "summary": program.summary,
        "url": absolute(request, program.get_absolute_url()),
        "data_url": absolute(request, program.get_data_url()),
    }


def program_json(request, program):
    """A program with everything its page shows (a prefetched program, see the view)."""
    return {
        **program_ref(request, program),
        "slug": program.slug,
        "body_html": program.body_html,
        "lead_agency": organization_ref(request, program.lead_agency),
        "more_info_url": program.more_info_url or None,
        "components": [
            {
                "title": component.title,
                "description_html": component.description_html,
                "amount_usd": money(component.amount),
                "organizations": [o.name for o in component.organizations.all()],
            }
            for component in program.components.all()
        ],
        "milestones": [
            {
                "date": iso(milestone.date),
                "date_precision": milestone.date_precision,
                "title": milestone.title,
                "description": milestone.description,
                "done": milestone.is_done,
            }
            for milestone in program.milestones.all()
        ],
        "events": [event_ref(request, event) for event in program.events.all()],
        "funding": [
            {
                "title": item.title,
                "budget": item.budget.title,
                "amount_usd": money(item.amount),
                "url": absolute(request, item.get_absolute_url()),
            }
            for item in program.budget_items.all()
        ],
        "updated_at": iso(program.updated_at),
    }


def event_ref(request, event):
    return {
        "title": event.title,
        "start_date": iso(event.start_date),
        "url": absolute(request, event.get_absolute_url()),
        "data_url": absolute(request, event.get_data_url()),
    }


def event_json(request, event):
    program = published_or_none(event.program)
    return {
        **event_ref(request, event),
        "slug": event.slug,
        "ics_url": absolute(request, event.get_ics_url()),
        "summary": event.summary,
        # What the page shows today: never the invitation once the day has passed.
        "description_html": event.current_description_html,
        "start": iso(event_start(event)),
        "end": iso(event_end(event)),
        "time_zone": settings.TIME_ZONE,
        "location": event.location or None,
        "program": program
        and {
            "title": program.title,
            "url": absolute(request, program.get_absolute_url()),
        },
        "host": organization_ref(request, event.host),
        "updated_at": iso(event.updated_at),
    }


def program_ld(request, program):
    data = {
        "@type": "GovernmentService",
        "@id": absolute(request, program.get_absolute_url()) + "#service",
        "name": program.title,
        "description": program.summary,
        "url": absolute(request, program.get_absolute_url()),
        "areaServed": {"@type": "City", "name": "Portland, Oregon"},
    }
    if program.short_name:
        data["alternateName"] = program.short_name
    lead_agency = published_or_none(program.lead_agency)
    if lead_agency:
        data["provider"] = organization_ld(request, lead_agency)
    if program.more_info_url:
        data["availableChannel"] = [
            {"@type": "ServiceChannel", "name": "Online", "serviceUrl": program.more_info_url}
        ]
    return data


def event_ld(request, event):
    data = {
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": absolute(request, event.get_absolute_url()),
        "startDate": iso(event_start(event)),
        # Times are Portland's; the schedule names the zone for calendar tools.
        "eventSchedule": {
            "@type": "Schedule",
            "startDate": iso(event.start_date),
            "scheduleTimezone": settings.TIME_ZONE,
        },
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if event.start_time:
        data["eventSchedule"]["startTime"] = event.start_time.isoformat()
    if event.end_time:
        data["endDate"] = iso(event_end(event))
        data["eventSchedule"]["endTime"] = event.end_time.isoformat()
    if event.location:
        data["location"] = {"@type": "Place", "name": event.location}
    host = published_or_none(event.host)
    if host:
        data["organizer"] = organization_ld(request, host)
    return data
