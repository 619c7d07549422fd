"""Held changes saved before held changes were model-level: they hold the admin form's
raw POST. Converting one reads that POST field by field, and row by row for the
inline formsets, against the version of the item the editor was looking at.

Used by a data migration, with the migration's historical models (``apps``).
"""

from django.core.exceptions import ValidationError

from .changes import NEW_ROW, content_fields, plain

FORM_ONLY = {"csrfmiddlewaretoken", "last_seen", "change_kind", "change_note"}


def is_raw_post(changes):
    return bool(changes) and all(isinstance(value, list) for value in changes.values())


def convert_held_changes(apps):
    HeldChange = apps.get_model("publishing", "HeldChange")
    for held in HeldChange.objects.select_related("content_type"):
        if not is_raw_post(held.changes):
            continue
        model = apps.get_model(held.content_type.app_label, held.content_type.model)
        item = model._base_manager.filter(pk=held.object_id).first()
        if item is None:
            continue
        seen = version_seen(apps, model, item, held.created_at)
        changes, base = {}, {}
        read_fields(model, held.changes, "", seen, item, changes, base)
        read_rows(model, item, held.changes, changes, base)
        held.changes, held.base = changes, base
        held.save(update_fields=["changes", "base"])


def version_seen(apps, model, item, moment):
    """The item's history row at ``moment`` (what the editor saw), or the item itself."""
    try:
        history = apps.get_model(model._meta.app_label, f"Historical{model.__name__}")
    except LookupError:
        return item
    record = (
        history.objects.filter(id=item.pk, history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .first()
    )
    return record or item


def current_value(field, source, item):
    if field.many_to_many:
        # History rows keep links in tables of their own; the links now are close enough.
        return sorted(getattr(item, field.name).values_list("pk", flat=True))
    return plain(field, getattr(source, field.attname, None))


UNREADABLE = object()


def parsed(field, raw):
    """A POST value through the field's own form field, as the admin form read it, or
    UNREADABLE (the admin would have refused it, so it was never part of the change)."""
    form_field = field.formfield()
    if form_field is None:
        return UNREADABLE
    try:
        value = form_field.clean(raw if field.many_to_many else (raw[0] if raw else ""))
    except ValidationError:
        return UNREADABLE
    return plain(field, value)


def read_fields(model, post, prefix, seen, item, changes, base, key_prefix=""):
    for field in content_fields(model):
        raw = post.get(f"{prefix}{field.name}")
        if raw is None:
            # An unticked checkbox sends nothing, and neither does a field not on the
            # form: the two cannot be told apart, so the value stays as it is.
            continue
        value = parsed(field, raw)
        if value is UNREADABLE:
            continue
        before = current_value(field, seen, item)
        if value != before:
            changes[f"{key_prefix}{field.name}"] = value
            base[f"{key_prefix}{field.name}"] = before


def read_rows(model, item, post, changes, base):
    for key in post:
        if not key.endswith("-TOTAL_FORMS"):
            continue
        name = key.removesuffix("-TOTAL_FORMS")
        relation = {field.name: field for field in model._meta.get_fields()}.get(name)
        if relation is None or not relation.one_to_many:
            continue
        read_relation(relation, item, post, name, changes, base)


def read_relation(relation, item, post, name, changes, base):
    rows = relation.related_model
    fk_name = relation.field.name
    publishable = any(field.name == "status" for field in rows._meta.fields)
    total = post.get(f"{name}-TOTAL_FORMS", ["0"])[0]
    added = 0
    for index in range(int(total) if total.isdigit() else 0):
        prefix = f"{name}-{index}-"
        row_id = (post.get(f"{prefix}id") or [""])[0]
        row = (
            rows._base_manager.filter(pk=row_id, **{fk_name: item}).first()
            if row_id.isdigit()
            else None
        )
        if row is not None:
            if post.get(f"{prefix}DELETE") and not publishable:
                changes[f"{name}:{row.pk}"] = False
                base[f"{name}:{row.pk}"] = True
                continue
            read_fields(rows, post, prefix, row, row, changes, base, f"{name}:{row.pk}:")
        elif any(post.get(f"{prefix}{f.name}", [""])[0] for f in content_fields(rows)):
            values = {}
            for field in content_fields(rows, exclude=(fk_name,)):
                raw = post.get(f"{prefix}{field.name}")
                value = UNREADABLE if raw is None else parsed(field, raw)
                if value is not UNREADABLE:
                    values[field.name] = value
            added += 1
            changes[f"{name}:{NEW_ROW}{added}"] = values
