"""Earlier versions of an item: restoring one exactly (fields, the rows edited inline
with it, many-to-many links), describing each for staff, and recording a first
version for content that arrived without history (fixtures, imports)."""

from django.apps import apps
from django.db import transaction
from django.utils.text import capfirst

from .changes import PUBLISHING_FIELDS, plain, shown

FIRST_VERSION = "First recorded version"
# Bookkeeping that staff never write; a change to these alone is not worth a line.
UNSHOWN_FIELDS = {"updated_at", "created_at", "last_major_update", "severity_rank"}


def m2m_field_names(model):
    """The many-to-many fields whose links the model's history records."""
    historical_model = model.history.model
    return [field.name for field in getattr(historical_model, "_history_m2m_fields", ())]


def restore_links(instance, record):
    """Set each tracked many-to-many field back to the record's links."""
    for name in m2m_field_names(type(instance)):
        target = instance._meta.get_field(name).related_model._meta.model_name
        ids = [getattr(row, f"{target}_id") for row in getattr(record, name).all()]
        getattr(instance, name).set(ids)


def children_before(parent, relation_name, moment):
    """Historical records of the parent's inline rows as they stood just before ``moment``
    (all of them when ``moment`` is None)."""
    relation = parent._meta.get_field(relation_name)
    records = relation.related_model.history.filter(**{relation.field.attname: parent.pk})
    if moment is not None:
        records = records.filter(history_date__lt=moment)
    records = records.order_by("-history_date", "-history_id")
    latest = {}
    for record in records:
        latest.setdefault(record.id, record)
    return [record for record in latest.values() if record.history_type != "-"]


@transaction.atomic
def restore_record(record, user=None, keep_publishing=False):
    """Bring the item back to ``record`` with one history row for the item (and one per
    inline row that changes). ``keep_publishing`` leaves its live/draft state alone."""
    instance = record.instance
    current = type(instance)._base_manager.filter(pk=instance.pk).first()
    if keep_publishing and current is not None:
        for name in PUBLISHING_FIELDS:
            setattr(instance, name, getattr(current, name))
    instance._history_user = user
    instance._history_author = user
    instance._change_reason = f"Restored the version of {record.history_date:%Y-%m-%d %H:%M} UTC"
    instance.save()
    # The admin saves a parent before the rows edited inline with it, so a version
    # covers every inline change made until the parent's next save.
    following = record.next_record
    restore_inlines(instance, following.history_date if following else None, user)
    restore_links(instance, record)
    return instance


def restore_inlines(instance, moment, user=None):
    for relation_name in getattr(type(instance), "history_inlines", ()):
        records = children_before(instance, relation_name, moment)
        kept = {record.id for record in records}
        for stale in getattr(instance, relation_name).exclude(pk__in=kept):
            stale._history_user = user
            stale.delete()
        for record in records:
            child = record.instance
            child._history_user = user
            child.save()
            restore_links(child, record)


def tracked_models():
    return [model for model in apps.get_models() if hasattr(model, "_content_history")]


def record_first_versions(models=None):
    """Give every row that has no history a first version, so that whatever happens to
    it later can be undone. Returns how many were recorded."""
    count = 0
    for model in models or tracked_models():
        with_history = model.history.values("id")
        for item in model._base_manager.exclude(pk__in=with_history):
            model._content_history.record_first_version(item, FIRST_VERSION)
            count += 1
    return count


# --- Describing versions --------------------------------------------------------------


def describe_changes(record, previous):
    """'Field: old → new' lines, values as staff read them (names, Pacific times)."""
    if previous is None:
        return []
    model = record.instance_type
    lines = []
    for change in record.diff_against(previous).changes:
        field = model._meta.get_field(change.field)
        if change.field in UNSHOWN_FIELDS or change.field.endswith("_html"):
            continue
        old, new = value_of(field, change.old), value_of(field, change.new)
        lines.append(
            {
                "field": capfirst(field.verbose_name),
                "old": shown(model, change.field, old),
                "new": shown(model, change.field, new),
            }
        )
    return lines


def value_of(field, value):
    if field.many_to_many:
        target = field.related_model._meta.model_name
        return sorted(row[target] for row in value or [])
    return plain(field, value)


def versions(model, object_id, limit=100):
    """The item's history, newest first, each with what changed, who wrote it, who
    saved or applied it, and its note."""
    records = list(
        model.history.filter(id=object_id)
        .select_related("history_user", "history_author")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    return [
        version_entry(record, records[index + 1] if index + 1 < len(records) else None)
        for index, record in enumerate(records[:limit])
    ]


def version_entry(record, previous):
    author = getattr(record, "history_author", None)
    return {
        "record": record,
        "author": author or record.history_user,
        "applied_by": record.history_user if author and author != record.history_user else None,
        "note": record.history_change_reason or "",
        "changes": describe_changes(record, previous),
    }


def inline_history(model, object_id, limit=50):
    """Recent changes to the rows edited inline with an item, each with what changed."""
    groups = []
    for name in getattr(model, "history_inlines", ()):
        relation = model._meta.get_field(name)
        records = list(
            relation.related_model.history.filter(**{relation.field.attname: object_id})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:limit]
        )
        entries = [
            {"record": record, "changes": describe_changes(record, record.prev_record)}
            for record in records
        ]
        groups.append(
            {"label": relation.related_model._meta.verbose_name_plural, "entries": entries}
        )
    return groups
