"""An editor's change to a published item is held as a draft change until a publisher
applies it, so that an editor's save never changes what residents see."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.http import QueryDict
from django.utils import timezone

from .admin_forms import FORM_ONLY_FIELDS
from .models import PendingChange, Publishable


def is_published_in_database(obj):
    return type(obj)._base_manager.filter(pk=obj.pk, status=Publishable.Status.PUBLISHED).exists()


def really_changed(form, name):
    """Browsers send text areas with CRLF line ends; the database has LF. Not a change."""
    initial, new = form[name].initial, form.cleaned_data.get(name)
    if isinstance(initial, str) and isinstance(new, str):
        return initial.replace("\r\n", "\n") != new.replace("\r\n", "\n")
    return True


def hold_change(request, obj, form):
    data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    changed = [
        str(form.fields[name].label or obj._meta.get_field(name).verbose_name)
        for name in form.changed_data
        if name not in FORM_ONLY_FIELDS and really_changed(form, name)
    ]
    previous = PendingChange.for_item(type(obj), obj.pk)
    if previous is not None and previous.user_id == request.user.pk:
        # The editor continued their own held change: it still holds the earlier edits.
        changed = [*previous.summary.split("; "), *changed]
    pending, _ = PendingChange.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={
            "data": data,
            "summary": "; ".join(dict.fromkeys(filter(None, changed)))[:500],
            "user": request.user,
            "created_at": timezone.now(),
        },
    )
    return pending


def pending_preview_url(model, object_id, pending):
    """Items with a page of their own can show a held change there."""
    if pending is None or not hasattr(model, "get_absolute_url"):
        return ""
    item = model._base_manager.filter(pk=object_id).first()
    url = item.get_absolute_url() if item else ""
    return f"{url}?draft_change=1" if url and "#" not in url else ""


def show_pending_change(request, obj):
    """Apply an editor's held change to ``obj`` in memory, for a preview; nothing is saved.

    Only the item's own fields are shown; changes to rows edited inline are not.
    """
    pending = PendingChange.for_item(type(obj), obj.pk)
    model_admin = admin.site._registry.get(type(obj))
    if pending is None or model_admin is None:
        return False
    form_class = model_admin.get_form(request, obj, change=True)
    form = form_class(pending_post(pending, obj), instance=obj)
    form.is_valid()  # fills the instance with the submitted values
    obj.render_markdown_fields()
    return True


def set_publishing_state(post, prefix, item):
    """Put ``item``'s current publishing state in the form data (a new row is a draft)."""
    post[f"{prefix}status"] = item.status if item else Publishable.Status.DRAFT
    for name in ("published_at", "expires_at"):
        moment = getattr(item, name, None)
        local = timezone.localtime(moment) if moment else None
        post[f"{prefix}{name}_0"] = local.date().isoformat() if local else ""
        post[f"{prefix}{name}_1"] = local.time().isoformat() if local else ""


def inline_publishable_rows(post, obj):
    """(form prefix, saved row or None) for each publishable row edited inline."""
    for key in list(post):
        if not key.endswith("-TOTAL_FORMS"):
            continue
        prefix = key.removesuffix("-TOTAL_FORMS")
        related = getattr(obj, prefix, None)
        if related is None or not issubclass(getattr(related, "model", object), Publishable):
            continue
        total = int(post[key]) if post[key].isdigit() else 0
        for index in range(total):
            row_id = post.get(f"{prefix}-{index}-id")
            row = related.filter(pk=row_id).first() if row_id and row_id.isdigit() else None
            yield f"{prefix}-{index}-", row


def pending_post(pending, obj):
    """The editor's form data, to be replayed by a publisher.

    Whatever the stored data says, the item and every publishable row edited with it keep
    their current publishing state: an editor can never publish through a held change.
    """
    post = QueryDict(mutable=True)
    for key, values in pending.data.items():
        post.setlist(key, values)
    set_publishing_state(post, "", obj)
    for prefix, row in inline_publishable_rows(post, obj):
        set_publishing_state(post, prefix, row)
    post["change_kind"] = "minor"
    return post
