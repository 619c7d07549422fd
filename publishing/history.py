"""Restoring an earlier version of an item: its fields, the rows edited inline with it,
and its many-to-many links, exactly as they were."""

from django.db import transaction

from .models import PUBLISHING_FIELDS, Publishable


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
def restore(record, user=None, keep_publishing=False):
    """Bring the item back to ``record``. ``keep_publishing`` leaves its live/draft state alone
    (an editor restoring a version must not publish or unpublish it)."""
    instance = record.instance
    current = type(instance)._base_manager.filter(pk=instance.pk).first()
    if keep_publishing and current is not None and isinstance(instance, Publishable):
        for name in PUBLISHING_FIELDS:
            setattr(instance, name, getattr(current, name))
    instance._history_user = user
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
