"""An Atom feed of what changed: milestones, events, grant awards and public change notes."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from grants.models import Award, Grantee, GrantRound
from programs.calendar import PORTLAND
from programs.models import Event, Milestone
from publishing.models import ChangeNote, Publishable

LATEST = 30


@dataclass
class Update:
    kind: str
    key: str
    title: str
    description: str
    url: str
    updated: datetime.datetime
    guid: str = ""


def milestone_updates():
    milestones = Milestone.objects.latest_public()[:LATEST]
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
        for milestone in milestones
    ]


def event_updates():
    events = Event.objects.published().order_by("-published_at", "-pk")[:LATEST]
    return [
        Update(
            kind="event",
            key=str(event.pk),
            title=f"Event: {event.title}, {event.start_date:%B} {event.start_date.day}",
            description=event.summary,
            url=event.get_absolute_url(),
            updated=event.published_at,
        )
        for event in events
    ]


def award_updates():
    awards = (
        Award.objects.filter(
            grantee__in=Grantee.objects.published().values("pk"),
            grant_round__in=GrantRound.objects.published().values("pk"),
        )
        .select_related("grantee", "grant_round")
        .order_by(F("grant_round__published_at").desc(), "grantee__name")[:LATEST]
    )
    return [
        Update(
            kind="award",
            key=str(award.pk),
            title=f"Grant: {award.grantee.name}, {award.grant_round.title}",
            description=f"{award.grantee.name} received a grant in the {award.grant_round.title}.",
            url=award.grantee.get_absolute_url(),
            updated=award.grant_round.published_at,
        )
        for award in awards
    ]


def change_note_updates():
    """Publishers' notes on major changes, for items that are published now.

    One query for the notes, then one per kind of content they concern: bounded by the
    number of content models, not by the number of notes.
    """
    notes = ChangeNote.objects.select_related("content_type")[:LATEST]
    ids_by_type = defaultdict(set)
    for note in notes:
        ids_by_type[note.content_type].add(note.object_id)
    items = {}
    for content_type, ids in ids_by_type.items():
        model = content_type.model_class()
        if model is None or not issubclass(model, Publishable):
            continue
        for item in model.objects.published().filter(pk__in=ids):
            items[content_type.pk, item.pk] = item
    updates = []
    for note in notes:
        item = items.get((note.content_type_id, note.object_id))
        if item is None or not hasattr(item, "get_absolute_url"):
            continue
        updates.append(
            Update(
                kind="update",
                key=str(note.pk),
                title=f"Updated: {item}",
                description=note.note,
                url=item.get_absolute_url(),
                updated=note.created_at,
            )
        )
    return updates


# Each source returns its latest Updates; a new kind of public update adds one here.
UPDATE_SOURCES = [milestone_updates, event_updates, award_updates, change_note_updates]


class UpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = f"{settings.SITE_NAME}: updates"
    subtitle = (
        "New milestones, events, community grants and notable page updates from the City "
        "of Portland."
    )

    def link(self):
        return reverse("home")

    def feed_url(self):
        return reverse("updates-feed")

    def get_object(self, request, *args, **kwargs):
        # The request (not shared state on this instance) lets entries carry absolute ids.
        return request

    def items(self, request):
        updates = [update for source in UPDATE_SOURCES for update in source()]
        updates.sort(key=lambda update: update.updated or timezone.now(), reverse=True)
        for update in updates:
            update.guid = request.build_absolute_uri(f"{update.url}#{update.kind}-{update.key}")
        return updates[:LATEST]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom marks the summary as HTML; these are plain staff-written strings.
        return escape(item.description)

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.guid

    def item_guid_is_permalink(self, item):
        return False

    def item_updateddate(self, item):
        return item.updated

    def item_pubdate(self, item):
        return item.updated
