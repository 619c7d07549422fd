"""The Atom feed of what changed.

Entries come from the content apps' registered update sources (milestones, events,
grant awards) and from publishers' public change notes on any content.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext

from publishing import registry
from publishing.models import ChangeNote, Publishable
from publishing.registry import Update

LATEST = 30


def change_note_updates(limit):
    """Publishers' notes on major changes, for items that are published now.

    One query for the notes, then one per kind of content they concern: bounded by the
    number of content models, not by the number of notes.
    """
    notes = ChangeNote.objects.select_related("content_type")[:limit]
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
                title=gettext("Updated: %(item)s") % {"item": item},
                description=note.note,
                url=item.get_absolute_url(),
                updated=note.created_at,
            )
        )
    return updates


def update_sources():
    # Change notes last: between entries of the same moment, content comes first.
    return [*registry.update_sources(), change_note_updates]


class UpdatesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return gettext("%(site)s: updates") % {"site": settings.SITE_NAME}

    def subtitle(self):
        return gettext(
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
        updates = [update for source in update_sources() for update in source(LATEST)]
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
