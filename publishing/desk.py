"""The staff desk on the admin home: what is waiting for someone, in a few short lists.

Generic over every registered content app, and bounded: a fixed number of queries per
content model (counts in one, each short list in one), however much content exists.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Case, Count, F, Q, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from . import registry, workflow
from .models import HeldChange, Publishable
from .notifications import change_url

ROWS = 10
SOON = datetime.timedelta(days=14)


@dataclass
class Row:
    item: object
    url: str | None
    kind: str
    when: datetime.datetime | None = None
    note: str = ""
    held: HeldChange | None = None


@dataclass
class Section:
    count: int = 0
    rows: list = field(default_factory=list)


def content_models():
    return [
        model
        for label in registry.content_app_labels()
        for model in apps.get_app_config(label).get_models()
        if issubclass(model, Publishable)
    ]


def visible_models(user):
    return [
        model
        for model in content_models()
        if workflow.model_permission(user, "view", model)
        or workflow.model_permission(user, "change", model)
    ]


def desk(user):
    models = visible_models(user)
    now = timezone.now()
    drafts = Q(status=Publishable.Status.DRAFT, published_at=None)
    going_live = Q(status=Publishable.Status.PUBLISHED, published_at__gt=now)
    going_live &= Q(published_at__lte=now + SOON)
    expiring = Q(status=Publishable.Status.PUBLISHED, published_at__lte=now)
    expiring &= Q(expires_at__gt=now, expires_at__lte=now + SOON)

    due = Q(review_by__lte=timezone.localdate())

    never_published, upcoming, to_check = Section(), Section(), Section()
    for model in models:
        counts = model._base_manager.aggregate(
            drafts=Count("pk", filter=drafts),
            upcoming=Count("pk", filter=going_live | expiring),
            to_check=Count("pk", filter=due),
        )
        kind = model._meta.verbose_name
        if counts["drafts"]:
            never_published.count += counts["drafts"]
            latest = model._base_manager.filter(drafts).select_related().order_by("-updated_at")
            never_published.rows += [
                Row(item, change_url(model, item.pk), kind, item.updated_at)
                for item in latest[:ROWS]
            ]
        if counts["upcoming"]:
            upcoming.count += counts["upcoming"]
            # Whichever of the two dates falls in the window is the one to sort by.
            soonest = model._base_manager.filter(going_live | expiring).select_related()
            soonest = soonest.annotate(
                when=Case(When(published_at__gt=now, then=F("published_at")), default="expires_at")
            )
            for item in soonest.order_by("when")[:ROWS]:
                note = gettext("Goes live") if item.published_at > now else gettext("Expires")
                upcoming.rows.append(Row(item, change_url(model, item.pk), kind, item.when, note))
        if counts["to_check"]:
            to_check.count += counts["to_check"]
            oldest = model._base_manager.filter(due).select_related().order_by("review_by", "pk")
            to_check.rows += [
                Row(item, change_url(model, item.pk), kind, item.review_by, checked_note(item))
                for item in oldest[:ROWS]
            ]
    never_published.rows = sorted(never_published.rows, key=lambda row: row.when, reverse=True)
    to_check.rows = sorted(to_check.rows, key=lambda row: row.when)[:ROWS]
    upcoming.rows = sorted(upcoming.rows, key=lambda row: row.when)[:ROWS]
    never_published.rows = never_published.rows[:ROWS]

    waiting, mine = held_sections(user, models)
    return {
        "waiting": waiting,
        "mine": mine,
        "never_published": never_published,
        "upcoming": upcoming,
        "to_check": to_check,
        "notices": registry.desk_notices(user),
        "is_publisher": workflow.is_publisher(user),
    }


def checked_note(item):
    if item.reviewed_on is None:
        return gettext("Never checked")
    return gettext("Last checked %(day)s") % {"day": date_format(item.reviewed_on, "M j, Y")}


def held_sections(user, models):
    """Every held change, and this person's own, with their items fetched one query per
    kind of content rather than one per row."""
    held = HeldChange.objects.select_related("author", "content_type").order_by("created_at")
    held = held.filter(content_type__app_label__in={m._meta.app_label for m in models})
    waiting, mine = Section(count=held.count()), Section()
    if not waiting.count:
        return waiting, mine
    mine.count = held.filter(author=user).count()
    waiting_changes = list(held[:ROWS])
    my_changes = list(held.filter(author=user)[:ROWS]) if mine.count else []
    by_model = {}
    for change in [*waiting_changes, *my_changes]:
        by_model.setdefault(change.content_type.model_class(), set()).add(change.object_id)
    items = {}
    for model, pks in by_model.items():
        for item in model._base_manager.filter(pk__in=pks).select_related():
            items[model, item.pk] = item
    waiting.rows = held_rows(waiting_changes, items)
    mine.rows = held_rows(my_changes, items)
    return waiting, mine


def held_rows(changes, items):
    rows = []
    for change in changes:
        model = change.content_type.model_class()
        item = items.get((model, change.object_id))
        if item is not None:
            url = change_url(model, item.pk)
            kind = model._meta.verbose_name
            rows.append(Row(item, url, kind, change.created_at, change.summary, change))
    return rows
