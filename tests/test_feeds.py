"""The Atom feed of updates and the iCalendar feed of every event."""

import xml.etree.ElementTree as ET

from icalendar import Calendar

from grants.models import GrantRound
from programs.models import Event
from tests.conftest import make_award, make_event, make_grantee, make_milestone, make_program

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_entries(client):
    response = client.get("/updates.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_the_atom_feed_parses_and_carries_milestones_events_and_awards(client, seeded):
    root, entries = feed_entries(client)
    assert root.find(f"{ATOM}title").text.endswith("updates")
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(ids) == len(set(ids))
    kinds = {entry_id.rsplit("#", 1)[1].split("-")[0] for entry_id in ids}
    assert kinds == {"milestone", "event", "award"}
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
        assert entry.find(f"{ATOM}updated").text
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert any("African Refugee and Immigrant Organization" in title for title in titles)


def test_the_feed_is_newest_first_and_skips_drafts(client, seeded):
    draft = make_program(status="draft", title="Draft program")
    make_milestone(draft, title="Hidden step", date="2030-01-01")
    make_event(status="draft", title="Hidden event")
    make_award(GrantRound.objects.first(), make_grantee(status="draft", name="Hidden grantee"))
    live = make_program(title="Live program")
    make_milestone(live, title="Newest step", date="2029-06-01")
    _, entries = feed_entries(client)
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert not any("Hidden" in title for title in titles)
    assert titles[0] == "Live program: Newest step"
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert updated == sorted(updated, reverse=True)


def test_the_calendar_feed_parses_and_lists_every_published_event(client, seeded):
    program = make_program()
    make_event(program, title="Evening meeting", start_time="18:30", end_time="20:00")
    make_event(program, status="draft", title="Hidden meeting")
    response = client.get("/events.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    # Shown inline so calendar apps can subscribe rather than download once.
    assert response["Content-Disposition"].startswith("inline")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "PDX Community Safety events"
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert summaries == {event.title for event in Event.objects.published()}
    assert "Hidden meeting" not in summaries
    timed = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Evening meeting")
    assert str(timed["DTSTART"].dt.tzinfo) == "America/Los_Angeles"
    assert calendar.walk("VTIMEZONE")


def test_pages_advertise_the_feed(client, seeded):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/updates.atom"' in html
    assert 'href="/events.ics"' in html


def test_public_change_notes_of_published_items_are_in_the_feed(client, seeded):
    from django.contrib.contenttypes.models import ContentType

    from grants.models import Grantee
    from publishing.models import ChangeNote

    def note(item, text):
        ChangeNote.objects.create(
            content_type=ContentType.objects.get_for_model(item), object_id=item.pk, note=text
        )

    note(Grantee.objects.get(slug="ario"), "New contact details for ARIO.")
    note(make_grantee(status="draft", name="Hidden grantee"), "Hidden note")
    _, entries = feed_entries(client)
    by_title = {entry.find(f"{ATOM}title").text: entry for entry in entries}
    entry = by_title["Updated: African Refugee and Immigrant Organization (ARIO)"]
    assert entry.find(f"{ATOM}summary").text == "New contact details for ARIO."
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/grantees/ario/"
    assert not any("Hidden" in title for title in by_title)


def test_plain_text_is_escaped_in_the_feed(client, seeded):
    program = make_program(title="Live program")
    make_milestone(
        program, title="Step", description="Fish & chips <b>not bold</b>", date="2031-01-01"
    )
    _, entries = feed_entries(client)
    summary = next(e for e in entries if e.find(f"{ATOM}title").text == "Live program: Step")
    # The summary is HTML: the staff text's characters must arrive as text, not markup.
    assert summary.find(f"{ATOM}summary").text == "Fish &amp; chips &lt;b&gt;not bold&lt;/b&gt;"
