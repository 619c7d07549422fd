"""An item and the rows edited with it as plain values, and three-way merges of them.

A snapshot is a flat dict with one key per value, so that comparing two versions,
merging them and listing what differs are all done key by key:

    "title"            a field of the item
    "programs"         a many-to-many field of the item, as sorted primary keys
    "items:12"         True: the row with id 12 of the relation "items" exists
    "items:12:title"   a field of that row
    "items:+1"         a row to add: {field: value}

Values are JSON (text, numbers, lists), so a held change can be stored as it is and
compared with the database later. Publishing fields are never part of a snapshot: a
change to content never changes what is live, scheduled or a draft.
"""

import datetime
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

# Who may set these is the difference between an editor and a publisher.
PUBLISHING_FIELDS = ("status", "published_at", "expires_at")
NEW_ROW = "+"


def content_fields(model, exclude=()):
    """The fields staff write: editable, not the id, not the publishing state."""
    return [
        field
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and not field.auto_created
        and not field.primary_key
        and (field.concrete or field.many_to_many)
        and field.name not in PUBLISHING_FIELDS
        and field.name not in exclude
    ]


def plain(field, value):
    """A field's value as JSON, the same whether it came from a form or the database."""
    if value is None:
        return None
    if field.many_to_many:
        return sorted(getattr(entry, "pk", entry) for entry in value)
    if field.is_relation:
        return getattr(value, "pk", value)
    if isinstance(value, str):
        # Browsers send text areas with CRLF line ends; the database keeps LF.
        return value.replace("\r\n", "\n")
    if isinstance(value, Decimal):
        return f"{value:.{field.decimal_places}f}"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def python_value(field, value):
    """The inverse of ``plain``, for writing a stored value back to a model."""
    if value is None or field.is_relation:
        return value
    return field.to_python(value)


def field_value(item, field):
    if field.many_to_many:
        if item.pk is None:
            return []
        return sorted(getattr(item, field.name).values_list("pk", flat=True))
    return plain(field, getattr(item, field.attname))


def row_relations(model, names):
    return [model._meta.get_field(name) for name in names]


def parent_field(relation):
    """The foreign key on the row that points at the item."""
    return relation.field


def row_fields(relation):
    return content_fields(relation.related_model, exclude=(parent_field(relation).name,))


def snapshot(item, relations=()):
    """The item's content and that of the rows of ``relations``, as the database has them."""
    values = {field.name: field_value(item, field) for field in content_fields(type(item))}
    for name in relations:
        relation = type(item)._meta.get_field(name)
        fields = row_fields(relation)
        for row in getattr(item, name).all() if item.pk else ():
            values[f"{name}:{row.pk}"] = True
            for field in fields:
                values[f"{name}:{row.pk}:{field.name}"] = field_value(row, field)
    return values


def form_values(form, formsets=()):
    """What a change form and its inline formsets hold, keyed like a snapshot."""
    model = form._meta.model
    by_name = {field.name: field for field in content_fields(model)}
    values = {
        name: plain(by_name[name], form.cleaned_data[name])
        for name in form.cleaned_data
        if name in by_name
    }
    for formset in formsets:
        values.update(formset_values(formset))
    return values


def formset_values(formset):
    relation_name = formset.fk.remote_field.get_accessor_name()
    fields = {field.name: field for field in row_fields(formset.fk.remote_field)}
    values = {}
    deleted = set(formset.deleted_forms) if formset.can_delete else set()
    new_rows = 0
    for form in formset.forms:
        cleaned = getattr(form, "cleaned_data", None) or {}
        row = {name: plain(fields[name], cleaned[name]) for name in cleaned if name in fields}
        pk = form.instance.pk if form in formset.initial_forms else None
        if pk is not None:
            values[f"{relation_name}:{pk}"] = form not in deleted
            if form not in deleted:
                values.update({f"{relation_name}:{pk}:{name}": v for name, v in row.items()})
        elif form.has_changed() and form not in deleted:
            new_rows += 1
            values[f"{relation_name}:{NEW_ROW}{new_rows}"] = row
    return values


@dataclass
class Conflict:
    """Both sides changed one value: the person must choose, nothing is dropped for them."""

    key: str
    base: object
    mine: object
    theirs: object

    @property
    def gone(self):
        """The row was deleted meanwhile: there is nothing left to write the change to."""
        return self.theirs is MISSING


MISSING = object()


def is_new_row(key):
    parts = key.split(":")
    return len(parts) == 2 and parts[1].startswith(NEW_ROW)


def three_way(base, mine, theirs, resolutions=None):
    """What of ``mine`` to write over ``theirs``, and where both changed the same value.

    A value the person did not change (the same as ``base``) is left as ``theirs`` has
    it. ``resolutions`` maps a key to "mine" or "theirs", the person's explicit choice.
    """
    resolutions = resolutions or {}
    changes, conflicts = {}, []
    for key, value in mine.items():
        if is_new_row(key):
            changes[key] = value
            continue
        start = base.get(key, MISSING)
        if value == start:
            continue
        now = theirs.get(key, MISSING)
        choice = resolutions.get(key)
        if now in (start, value) or (choice == "mine" and now is not MISSING):
            changes[key] = value
        elif choice != "theirs":
            conflicts.append(Conflict(key, start, value, now))
    return changes, conflicts


def split_key(key):
    """("title",) for an item field, (relation, pk) or (relation, pk, field) for a row."""
    return tuple(key.split(":"))


def write(item, changes):
    """Write ``changes`` to ``item`` and its rows. The caller saves in a transaction and
    has validated ``changes``; rows added here start as drafts when they can be one."""
    own = {key: value for key, value in changes.items() if len(split_key(key)) == 1}
    fields = {field.name: field for field in content_fields(type(item))}
    save_values(item, own, fields)
    write_rows(item, changes)


def save_values(obj, values, fields):
    """Set ``values`` (plain, by field name) on ``obj``, validate it, save it, then set
    its many-to-many links. Publishing fields are never among them."""
    links = {}
    for name, value in values.items():
        field = fields[name]
        if field.many_to_many:
            links[name] = value
        else:
            setattr(obj, field.attname, python_value(field, value))
    obj.full_clean(exclude=[name for name in PUBLISHING_FIELDS if hasattr(obj, name)])
    obj.save()
    for name, pks in links.items():
        getattr(obj, name).set(pks)


def write_rows(item, changes):
    rows = {}
    for key, value in changes.items():
        parts = split_key(key)
        if len(parts) > 1:
            rows.setdefault((parts[0], parts[1]), {})[parts[2] if len(parts) == 3 else None] = value
    for (name, row_id), values in rows.items():
        relation = type(item)._meta.get_field(name)
        model = relation.related_model
        if row_id.startswith(NEW_ROW):
            row = model(**{parent_field(relation).name: item})
            values = values[None]
        else:
            row = model._base_manager.filter(
                pk=row_id, **{parent_field(relation).name: item}
            ).first()
            if row is None:
                continue
            if values.pop(None, True) is False:
                row.delete()
                continue
        save_values(row, values, {field.name: field for field in row_fields(relation)})


def apply_in_memory(item, changes):
    """Show ``changes`` on ``item`` without saving (a preview): its own fields, and the
    rows of relations the page fetched with it (prefetched). Many-to-many links and
    rows fetched otherwise are listed by the review instead."""
    for key, value in changes.items():
        if ":" in key:
            continue
        field = type(item)._meta.get_field(key)
        if not field.many_to_many:
            setattr(item, field.attname, python_value(field, value))
    if hasattr(item, "render_markdown_fields"):
        item.render_markdown_fields()
    prefetched = getattr(item, "_prefetched_objects_cache", {})
    for name in {split_key(key)[0] for key in changes if ":" in key} & set(prefetched):
        rows = prefetched[name]
        rows._result_cache = rows_in_memory(item, name, list(rows), changes)
    return item


def rows_in_memory(item, name, rows, changes):
    relation = type(item)._meta.get_field(name)
    fields = {field.name: field for field in row_fields(relation)}
    by_id = {str(row.pk): row for row in rows}
    for key, value in changes.items():
        parts = split_key(key)
        if parts[0] != name:
            continue
        if is_new_row(key):
            row = relation.related_model(**{parent_field(relation).name: item})
            set_in_memory(row, value, fields)
            rows.append(row)
        elif parts[1] in by_id and len(parts) == 3:
            set_in_memory(by_id[parts[1]], {parts[2]: value}, fields)
        elif parts[1] in by_id and value is False:
            rows.remove(by_id[parts[1]])
    return rows


def set_in_memory(obj, values, fields):
    for name, value in values.items():
        field = fields.get(name)
        if field is not None and not field.many_to_many:
            setattr(obj, field.attname, python_value(field, value))
    if hasattr(obj, "render_markdown_fields"):
        obj.render_markdown_fields()


# --- Describing values to people ------------------------------------------------------


@dataclass
class Difference:
    """One line of a review: where, what, the value now and the value after."""

    where: str
    what: str
    before: str
    after: str
    key: str = ""

    @property
    def diff(self):
        return word_diff(self.before, self.after)


def label_of(model, key):
    parts = split_key(key)
    if len(parts) == 1:
        return str(capfirst(model._meta.get_field(key).verbose_name))
    relation = model._meta.get_field(parts[0])
    if len(parts) == 3:
        return str(capfirst(relation.related_model._meta.get_field(parts[2]).verbose_name))
    return str(capfirst(relation.related_model._meta.verbose_name))


def shown(model, key, value):
    """A stored value as staff read it: names for links, Pacific times, '—' for empty."""
    if value is MISSING:
        return "(deleted)"
    if value is None or value == "" or value == []:
        return "—"
    parts = split_key(key)
    if len(parts) == 2:
        if isinstance(value, dict):
            return "; ".join(
                f"{label_of(model, f'{key}:{name}')}: {shown(model, f'{parts[0]}:0:{name}', v)}"
                for name, v in value.items()
                if v not in (None, "", [])
            )
        return "present" if value else "deleted"
    field = (
        model._meta.get_field(key)
        if len(parts) == 1
        else model._meta.get_field(parts[0]).related_model._meta.get_field(parts[2])
    )
    if field.is_relation:
        ids = value if isinstance(value, list) else [value]
        names = {obj.pk: str(obj) for obj in field.related_model._base_manager.filter(pk__in=ids)}
        return ", ".join(names.get(pk, f"#{pk}") for pk in ids)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        moment = timezone.localtime(field.to_python(value))
        return moment.strftime("%b %-d, %Y %-I:%M %p") + " Pacific"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def row_label(model, key, item):
    parts = split_key(key)
    if len(parts) == 1:
        return str(item)
    relation = model._meta.get_field(parts[0])
    name = str(relation.related_model._meta.verbose_name)
    if parts[1].startswith(NEW_ROW):
        return f"New {name}"
    row = relation.related_model._base_manager.filter(pk=parts[1]).first()
    if row is None:
        return f"{capfirst(name)} #{parts[1]}"
    # A row that residents can see deserves a second look before it changes.
    live = " (live)" if getattr(row, "is_live", lambda: False)() else ""
    return f"{capfirst(name)} “{row}”{live}"


def differences(item, changes, current):
    """Every difference writing ``changes`` would make to ``current`` (a snapshot)."""
    model = type(item)
    found = []
    for key in sorted(changes, key=lambda k: (":" in k, k)):
        before = current.get(key, MISSING)
        if is_new_row(key):
            before = None
        if before == changes[key]:
            continue
        after = shown(model, key, changes[key])
        if len(split_key(key)) == 2 and not is_new_row(key):
            # A row deleted or brought back: what it holds, not just "present".
            values = row_values(current, key)
            before = values if before is True else before
            after = shown(model, key, values) if changes[key] is True else "(deleted)"
        found.append(
            Difference(
                where=row_label(model, key, item),
                what=label_of(model, key) if len(split_key(key)) != 2 else "Row",
                before="—" if is_new_row(key) else shown(model, key, before),
                after=after,
                key=key,
            )
        )
    return found


def row_values(snapshot, key):
    """A row's values in a snapshot, by field name."""
    prefix = f"{key}:"
    return {
        name.removeprefix(prefix): value
        for name, value in snapshot.items()
        if name.startswith(prefix)
    }


WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(before, after):
    """Two texts side by side as one, with removed words struck and added words marked."""
    old, new = WORDS.findall(before or ""), WORDS.findall(after or "")
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
        if tag == "equal":
            out.append(escape("".join(old[i1:i2])))
    return mark_safe("".join(out))  # noqa: S308 -- every piece is escaped above
