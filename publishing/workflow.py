"""The staff publishing workflow, in one place.

Editors write; publishers decide what residents see. An editor's change to a
released item (live, scheduled or expired) is *held*; a publisher reviews every
difference it would make and applies or discards it. Nothing here knows about
the admin: the admin, management commands and tests all call the same functions.

    can(user, action, item)         may this person do this? ("change", "publish",
                                    "delete", "restore", "apply", "discard")
    must_hold(user, item)           would this person's save be held for review?
    hold(item, changes, base, user) keep an editor's change for review
    review(held)                    every difference applying it would make
    apply(held, user, resolutions)  write it, merged by field with what changed since
    discard(held, user)             drop it (a publisher, or the editor who wrote it)
    preview(item)                   the item with its held change shown, not saved
    merge(item, base, mine, user)   what to write when saving a form opened at ``base``

Nothing is lost silently: where the live item and a change both changed the same
value, ``apply`` and ``merge`` raise ``Conflict`` with both versions, and the
person chooses (``resolutions``) before anything is written.

Holding a change mails the publishers, and applying or discarding someone else's
change mails its author (``notifications``), once the transaction commits.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from . import notifications
from .changes import (
    MISSING,
    Conflict,
    apply_in_memory,
    differences,
    label_of,
    snapshot,
    split_key,
    three_way,
    write,
)
from .history import restore_record
from .models import ChangeNote, HeldChange, Publishable, State

PUBLISH_PERMISSION = "publishing.publish"


class ConflictError(Exception):
    """Both sides changed the same values; ``conflicts`` lists them for a choice."""

    def __init__(self, conflicts):
        super().__init__(f"{len(conflicts)} value(s) changed on both sides")
        self.conflicts = conflicts


# --- Who may do what ------------------------------------------------------------------


def is_publisher(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def model_permission(user, action, model):
    opts = model._meta
    return user.is_active and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def can(user, action, item):
    """The one answer to "may ``user`` do ``action`` to ``item``?" (an instance or a model).

    - change: write content; for an editor a released item's change is then held.
    - publish: publish, unpublish, schedule, expire, mark a change major.
    - delete: remove it; once released or public, only a publisher.
    - restore: bring back an earlier version; of a released item, only a publisher
      (it would change what residents see at once).
    - apply / discard: a held change; a publisher, or for discard its own author.
    """
    model = item if isinstance(item, type) else type(item)
    instance = None if isinstance(item, type) else item
    publishable = issubclass(model, Publishable)
    if action == "publish":
        return publishable and is_publisher(user) and model_permission(user, "change", model)
    if action == "change":
        return model_permission(user, "change", model)
    if action == "delete":
        if not model_permission(user, "delete", model):
            return False
        if is_publisher(user) or instance is None:
            return True
        released = publishable and instance.is_or_was_public()
        return not released and not is_linked_from_released_content(instance)
    if action == "restore":
        if not model_permission(user, "change", model):
            return False
        saved = instance.saved_copy() if publishable and instance is not None else None
        return is_publisher(user) or saved is None or not saved.is_released()
    raise ValueError(f"Unknown action {action!r}")


def is_linked_from_released_content(item):
    """Released content points at ``item`` (a draft partner as a live program's lead
    agency): deleting it would change what residents see."""
    for relation in item._meta.related_objects:
        if issubclass(relation.related_model, Publishable):
            released = relation.related_model._base_manager.filter(
                **{relation.field.name: item, "status": Publishable.Status.PUBLISHED}
            )
            if released.exists():
                return True
    return False


def may_apply(user, held):
    return is_publisher(user) and model_permission(user, "change", held.content_type.model_class())


def may_discard(user, held):
    return may_apply(user, held) or (user.is_active and held.author_id == user.pk)


def must_hold(user, item):
    """An editor's save of a released item waits for a publisher; nothing else does."""
    if not isinstance(item, Publishable) or is_publisher(user):
        return False
    saved = item.saved_copy()
    return saved is not None and saved.is_released()


def continues(user, held):
    """An editor back at their own held change edits it, not the live version."""
    return held is not None and held.author_id == user.pk and not is_publisher(user)


# --- Held changes ---------------------------------------------------------------------


def held_change_for(item):
    return HeldChange.objects.for_item(item)


def relations_of(changes):
    return sorted({split_key(key)[0] for key in changes if ":" in key})


@transaction.atomic
def hold(item, changes, base, user):
    """Keep an editor's change to a released item for a publisher's review.

    ``changes`` holds only what the editor changed and ``base`` the same keys as they
    were when the editor started. Continuing their own held change adds to it; another
    person's waiting change is never replaced.
    """
    if not can(user, "change", item):
        raise PermissionDenied
    held = held_change_for(item)
    if held is not None and held.author_id != user.pk:
        raise PermissionDenied(gettext("Another person's change is waiting for review."))
    continuing = held is not None
    if held is not None:
        # Values held earlier keep the base they were written against.
        changes = {**held.changes, **changes}
        base = {**base, **held.base}
    # A value changed back to what it was is no change at all.
    changes = {key: value for key, value in changes.items() if base.get(key, MISSING) != value}
    if not changes:
        if held is not None:
            held.delete()
        return None
    base = {key: base[key] for key in changes if key in base}
    summary = "; ".join(dict.fromkeys(label_of(type(item), key) for key in changes))[:500]
    held, _ = HeldChange.objects.update_or_create(
        content_type=held.content_type if held else content_type_of(item),
        object_id=item.pk,
        defaults={
            "changes": changes,
            "base": base,
            "summary": summary,
            "author": user,
            "created_at": timezone.now(),
        },
    )
    if not continuing:
        # Publishers hear once per change, not at every save the editor adds to it.
        notifications.change_held(held, item, user)
    return held


def content_type_of(item):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(item)


def review(held, item=None):
    """Every difference applying ``held`` would make to the live item, row by row."""
    item = item or held.item
    current = snapshot(item, relations_of(held.changes))
    return differences(item, held.changes, current)


def conflicts_of(held, item):
    current = snapshot(item, relations_of(held.changes))
    _, conflicts = three_way(held.base, held.changes, current)
    return conflicts


@transaction.atomic
def apply(held, user, resolutions=None, note=""):
    """Write ``held`` to the live item as ``user`` (a publisher), merged by field.

    Values changed since the editor started are kept unless the change touched them
    too; those are refused as a ``ConflictError`` until ``resolutions`` says, for each,
    whether the change ("mine") or the live value ("theirs") wins. The publishing
    state of the item and of every row is never changed, and the whole change is
    validated again against the current row: a ``ValidationError`` leaves everything,
    the held change included, as it was.
    """
    if not may_apply(user, held):
        raise PermissionDenied
    item = type(held.item)._base_manager.select_for_update().get(pk=held.object_id)
    current = snapshot(item, relations_of(held.changes))
    to_write, conflicts = three_way(held.base, held.changes, current, resolutions)
    if conflicts:
        raise ConflictError(conflicts)
    attribute(item, author=held.author, user=user, note=note)
    write(item, to_write)
    held.delete()
    notifications.change_decided(held, item, user, "applied")
    return item


@transaction.atomic
def discard(held, user):
    if not may_discard(user, held):
        raise PermissionDenied
    item = held.item
    held.delete()
    if item is not None:
        notifications.change_decided(held, item, user, "discarded")


def preview(item, held=None):
    """``item`` with its held change shown (its own fields), nothing saved."""
    held = held if held is not None else held_change_for(item)
    if held is None:
        return item
    return apply_in_memory(item, held.changes)


# --- Saving a form --------------------------------------------------------------------


def merge(item, base, mine, relations=(), resolutions=None):
    """Of what a person submitted (``mine``, from a form opened when the item was
    ``base``), the values they changed, checked against the item as saved now.

    Returns those changes; raises ``ConflictError`` where someone else changed the
    same value since, unless ``resolutions`` settles it.
    """
    current = snapshot(item, relations)
    # Without a record of what the form started from, whatever differs is a change.
    changes, conflicts = three_way(base or current, mine, current, resolutions)
    if conflicts:
        raise ConflictError(conflicts)
    return changes


def attribute(item, author, user, note=""):
    """Who the next history row credits: the writer (``author``) and the person who
    saved or applied it (``user``), with the public note if there is one."""
    item._history_user = user
    item._history_author = author or user
    item._change_reason = note or None


def validation_messages(error):
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


__all__ = [
    "Conflict",
    "ConflictError",
    "apply",
    "can",
    "continues",
    "discard",
    "hold",
    "merge",
    "must_hold",
    "preview",
    "review",
]


# --- Publishing, unpublishing, restoring ----------------------------------------------


@transaction.atomic
def publish(item, user, note=""):
    """Make ``item`` live now; True when that changed anything. A ``note`` makes it a
    major change, listed under the item's updates."""
    if not can(user, "publish", item):
        raise PermissionDenied
    if item.state == State.LIVE:
        return False
    item.status = Publishable.Status.PUBLISHED
    if item.published_at and item.published_at > timezone.now():
        item.published_at = None
    item.expires_at = None
    attribute(item, author=user, user=user, note=note)
    if note:
        item.last_major_update = timezone.now()
    item.save()
    if note:
        ChangeNote.record(item, note, item.last_major_update)
    return True


def unpublish(item, user):
    if not can(user, "publish", item):
        raise PermissionDenied
    if item.status == Publishable.Status.DRAFT:
        return False
    item.status = Publishable.Status.DRAFT
    attribute(item, author=user, user=user)
    item.save()
    return True


def restore(record, user):
    """Bring an item back to an earlier version (``record``, one of its history rows).

    A person who may not publish leaves its publishing state as it is.
    """
    item = record.instance
    if not can(user, "restore", item):
        raise PermissionDenied
    keep = isinstance(item, Publishable) and not can(user, "publish", item)
    return restore_record(record, user=user, keep_publishing=keep)
