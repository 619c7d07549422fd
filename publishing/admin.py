"""Admin pieces every content app shares: roles, publishing, history, draft changes."""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .admin_forms import CHANGE_FIELDS, FORM_ONLY_FIELDS, PublishableAdminForm, pacific
from .authoring import item_warnings
from .drafts import (
    hold_change,
    is_published_in_database,
    pending_post,
    pending_preview_url,
    show_pending_change,
)
from .history import restore
from .models import PUBLISHING_FIELDS, ChangeNote, PendingChange, Publishable, SiteAlert, State

PUBLISH_PERMISSION = "publishing.publish"


def is_publisher(request):
    return request.user.has_perm(PUBLISH_PERMISSION)


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        if self.value() in State.values:
            return queryset.in_state(self.value())
        return queryset


class PendingChangeFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("waiting", "Change waiting for review")]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(has_pending_change=True)
        return queryset


class PublishableAdmin(SimpleHistoryAdmin):
    """Defaults for content that has a slug and a draft/published state.

    Editors create and change content as drafts; only publishers (the
    ``publishing.publish`` permission) publish, unpublish, schedule, set expiry, or
    delete content that is or was public. Every check runs on the server.
    """

    form = PublishableAdminForm
    change_form_template = "admin/publishing/change_form.html"
    object_history_template = "admin/publishing/object_history.html"
    list_filter = [StateFilter, PendingChangeFilter]
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
    actions = ["publish", "unpublish"]
    publishing_fieldset = (
        "Publishing (times are Pacific)",
        {
            "fields": [
                "slug",
                "status",
                "published_at",
                "expires_at",
                "created_at",
                "updated_at",
            ]
        },
    )

    def get_queryset(self, request):
        # Publishers find held changes from the list, without opening every item.
        waiting = PendingChange.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=OuterRef("pk")
        )
        return super().get_queryset(request).annotate(has_pending_change=Exists(waiting))

    @admin.display(description="State", ordering="published_at")
    def state(self, obj):
        label = self.state_label(obj)
        if getattr(obj, "has_pending_change", False):
            return f"{label} · change waiting for review"
        return label

    @staticmethod
    def state_label(obj):
        state = obj.state
        if state == State.SCHEDULED:
            return f"Scheduled for {pacific(obj.published_at)}"
        if state == State.EXPIRED:
            return f"Expired {pacific(obj.expires_at)}"
        if state == State.LIVE and obj.expires_at:
            return f"Live until {pacific(obj.expires_at)}"
        return state.label

    def has_publish_permission(self, request):
        return is_publisher(request)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is not None and is_public_content(obj):
            return is_publisher(request)
        return True

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_publisher(request):
            fields += PUBLISHING_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": strip_form_only(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]
        fieldsets[0][1]["fields"] = [*fieldsets[0][1]["fields"], "last_seen"]
        if obj is not None and is_publisher(request):
            fieldsets.append(("What kind of change is this?", {"fields": CHANGE_FIELDS}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.check_conflicts = not getattr(request, "restoring_version", False)
        pending = PendingChange.for_item(self.model, obj.pk) if obj is not None else None
        if pending is not None and not is_publisher(request) and pending.user_id != request.user.pk:
            form.waiting_change = pending
        return form

    def save_model(self, request, obj, form, change):
        for warning in item_warnings(obj):
            self.message_user(request, warning, messages.WARNING)
        if not is_publisher(request):
            # Belt and braces: the fields are read-only for editors, so a crafted POST
            # cannot reach them, and a new item always starts as a draft.
            keep_publishing_state(obj)
            if change and is_published_in_database(obj):
                request.held_change = hold_change(request, obj, form)
                return
        major = is_publisher(request) and form.cleaned_data.get("change_kind") == "major"
        if major:
            obj.last_major_update = timezone.now()
        super().save_model(request, obj, form, change)
        if major:
            ChangeNote.objects.create(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                note=form.cleaned_data["change_note"],
                created_at=obj.last_major_update,
            )

    def save_related(self, request, form, formsets, change):
        held = getattr(request, "held_change", None)
        if held is None:
            return super().save_related(request, form, formsets, change)
        changed = [str(fs.model._meta.verbose_name_plural) for fs in formsets if fs.has_changed()]
        held.summary = "; ".join(filter(None, [held.summary, *changed]))[:500]
        held.save(update_fields=["summary"])
        return None

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "held_change", None) is not None:
            return ""  # nothing was saved, so there is nothing to describe
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "held_change", None) is None:
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        if getattr(request, "held_change", None) is not None:
            self.message_user(
                request,
                "Saved as a draft change for a publisher to review. The live page has not changed.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and getattr(request, "continue_held_change", False):
            show_pending_change(request, obj)
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not is_pk(object_id):
            return super().change_view(request, object_id, form_url, extra_context)
        pending = PendingChange.for_item(self.model, object_id)
        may_review = pending is not None and is_publisher(request)
        if request.method == "POST" and may_review and "_discard_pending" in request.POST:
            pending.delete()
            self.message_user(request, "The draft change was discarded.", messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        applying = request.method == "POST" and may_review and "_apply_pending" in request.POST
        if applying:
            # Replay the editor's form as the publisher, keeping the item's current
            # publishing state; the conflict check still guards against lost updates.
            request.POST = pending_post(pending, self.get_object(request, object_id))
        # An editor back at their own held change continues it, rather than starting again
        # from the live version and losing what they had written.
        request.continue_held_change = (
            request.method == "GET"
            and pending is not None
            and not is_publisher(request)
            and pending.user_id == request.user.pk
        )
        extra = {
            "pending_change": pending,
            "continuing_pending": request.continue_held_change,
            "may_review_pending": may_review,
            "pending_preview_url": pending_preview_url(self.model, object_id, pending),
        }
        response = super().change_view(
            request, object_id, form_url, {**extra, **(extra_context or {})}
        )
        if applying and response.status_code == 302:
            pending.delete()
        return response

    def history_view(self, request, object_id, extra_context=None):
        if not is_pk(object_id):
            raise Http404("No such item.")
        extra = {"inline_history": inline_history(self.model, object_id), **(extra_context or {})}
        return super().history_view(request, object_id, extra)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (is_pk(object_id) and is_pk(version_id)):
            raise Http404("No such version.")
        if (
            request.method == "POST"
            and not is_publisher(request)
            and is_published_in_database(self.model(pk=object_id))
        ):
            self.message_user(
                request,
                "Only a publisher can restore an earlier version of a published item.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        request.restoring_version = True
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            record = self.model.history.get(pk=version_id)
            restore(record, user=request.user, keep_publishing=not is_publisher(request))
        return response

    @admin.action(description="Publish now", permissions=["publish"], location=list(ActionLocation))
    def publish(self, request, queryset):
        count = 0
        for item in queryset:
            if item.state != State.LIVE:
                item.status = Publishable.Status.PUBLISHED
                if item.published_at and item.published_at > timezone.now():
                    item.published_at = None
                item.expires_at = None
                item._history_user = request.user
                item.save()
                count += 1
            for warning in item_warnings(item):
                self.message_user(request, f"{item}: {warning}", messages.WARNING)
        self.message_user(request, f"Published {count} item(s).", messages.SUCCESS)

    @admin.action(description="Unpublish", permissions=["publish"], location=list(ActionLocation))
    def unpublish(self, request, queryset):
        count = 0
        for item in queryset.exclude(status=Publishable.Status.DRAFT):
            item.status = Publishable.Status.DRAFT
            item._history_user = request.user
            item.save()
            count += 1
        self.message_user(request, f"Unpublished {count} item(s).", messages.SUCCESS)


def inline_history(model, object_id, limit=50):
    """Recent changes to the rows edited inline with an item, each with what changed."""
    groups = []
    for name in getattr(model, "history_inlines", ()):
        relation = model._meta.get_field(name)
        records = (
            relation.related_model.history.filter(**{relation.field.attname: object_id})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:limit]
        )
        entries = []
        for record in records:
            previous = record.prev_record
            changes = record.diff_against(previous).changes if previous else []
            entries.append({"record": record, "changes": changes})
        groups.append(
            {"label": relation.related_model._meta.verbose_name_plural, "entries": entries}
        )
    return groups


def is_pk(value):
    """Admin URLs carry the id as text; anything but digits is simply not found."""
    return str(value).isdigit()


def is_public_content(obj):
    return obj.status == Publishable.Status.PUBLISHED or obj.has_been_public


def strip_form_only(fields):
    return [field for field in fields if field not in FORM_ONLY_FIELDS]


def keep_publishing_state(obj):
    if obj.pk is None:
        obj.status = Publishable.Status.DRAFT
        obj.published_at = None
        obj.expires_at = None
        return
    saved = type(obj)._base_manager.get(pk=obj.pk)
    for name in PUBLISHING_FIELDS:
        setattr(obj, name, getattr(saved, name))


class EditorInlineFormSet(BaseInlineFormSet):
    """Refuses an editor's change to a row that is published: on its own page the change
    is held for a publisher's review, here it would go live unreviewed."""

    def clean(self):
        super().clean()
        for form in self.initial_forms:
            if not form.has_changed():
                continue
            # The instance already carries the edits; name the row as residents know it.
            saved = (
                type(form.instance)
                ._base_manager.filter(pk=form.instance.pk, status=Publishable.Status.PUBLISHED)
                .first()
            )
            if saved is not None:
                raise ValidationError(
                    f"“{saved}” is published: change it on its own page, where your change "
                    "is held for a publisher's review."
                )


class PublishableInline:
    """For a publishable model edited inline: editors can neither publish nor delete it, nor
    change a published row here."""

    def get_formset(self, request, obj=None, **kwargs):
        if not is_publisher(request):
            kwargs.setdefault("formset", EditorInlineFormSet)
        return super().get_formset(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_publisher(request):
            fields += [name for name in PUBLISHING_FIELDS if name in (self.fields or ())]
        return fields

    def has_delete_permission(self, request, obj=None):
        return is_publisher(request) and super().has_delete_permission(request, obj)


@admin.register(SiteAlert)
class SiteAlertAdmin(SimpleHistoryAdmin):
    list_display = ["message", "severity", "is_on", "starts_at", "ends_at"]
    list_filter = ["severity", "is_on"]
    fields = ["message", "severity", "is_on", "starts_at", "ends_at"]
