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


def hold_change(request, obj, form):
    data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    changed = [
        str(form.fields[name].label or obj._meta.get_field(name).verbose_name)
        for name in form.changed_data
        if name not in FORM_ONLY_FIELDS
    ]
    pending, _ = PendingChange.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={
            "data": data,
            "summary": "; ".join(changed)[:500],
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


def pending_post(pending, obj):
    post = QueryDict(mutable=True)
    for key, values in pending.data.items():
        post.setlist(key, values)
    post["status"] = obj.status
    for name in ("published_at", "expires_at"):
        moment = getattr(obj, name)
        local = timezone.localtime(moment) if moment else None
        post[f"{name}_0"] = local.date().isoformat() if local else ""
        post[f"{name}_1"] = local.time().isoformat() if local else ""
    post["change_kind"] = "minor"
    return post
