"""The admin as a thin caller of ``publishing.workflow``.

Every write path asks ``workflow.can`` (or ``must_hold``): change views, list and
change-form actions, inline rows, delete and bulk delete, and history restore on
every model, the site alert included. No state passes through ``request``: what to
do is worked out again from the user and the saved item wherever it is needed.
"""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from . import workflow
from .authoring import item_warnings
from .changes import PUBLISHING_FIELDS, word_diff
from .forms import (
    CHANGE_FIELDS,
    FORM_ONLY_FIELDS,
    RESOLVE_PREFIX,
    ChangeNoteForm,
    ConfirmApplyForm,
    MergingInlineFormSet,
    PublishableAdminForm,
    pacific,
    read_base,
    resolutions,
)
from .history import inline_history, versions
from .input_fields import (
    MONEY_HELP,
    TIME_HELP,
    URL_HELP,
    CompactCheckboxes,
    MoneyField,
    SplitDateTimeField,
    SplitDateTimeWidget,
    TimeField,
    TimeWidget,
    WebAddressField,
    amount_warning,
)
from .models import ChangeNote, HeldChange, Publishable, SiteAlert, State


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        if self.value() in State.values:
            return queryset.in_state(self.value())
        return queryset


class HeldChangeFilter(admin.SimpleListFilter):
    title = gettext_lazy("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("waiting", gettext("Change waiting for review"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(has_held_change=True)
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    title = gettext_lazy("content check")
    parameter_name = "check"

    def lookups(self, request, model_admin):
        return [
            ("due", gettext("Due for a check (past 'check again by')")),
            ("never", gettext("Never checked")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.due_for_review()
        if self.value() == "never":
            return queryset.filter(reviewed_on=None)
        return queryset


REVIEW_FIELDS = ["reviewed_on", "review_by"]


def is_pk(value):
    """Admin URLs carry the id as text; anything but digits is simply not found."""
    return str(value).isdigit()


STATUS_HELP = gettext_lazy(
    "Draft: only staff see it. Published: residents see it from the go-live time until it expires."
)
# Where slug and publishing state sit on every content form: last, in this order,
# wherever the model admin listed them.
PUBLISHING_PLACE = ("slug", *PUBLISHING_FIELDS, "created_at", "updated_at")
PUBLISHING_TITLE = gettext_lazy("Publishing (times are Pacific)")


class StaffInputMixin:
    """How every admin form, and every row edited inline, reads what staff type: times
    as "6:30 pm", amounts as "$1,250,000", only http(s) web addresses, links to other
    content as tick boxes (``publishing.input_fields``); and what each kind of field is
    given as help."""

    formfield_overrides = {
        models.TimeField: {"form_class": TimeField, "widget": TimeWidget},
        models.DateTimeField: {"form_class": SplitDateTimeField, "widget": SplitDateTimeWidget},
        # Every decimal on the site is an amount of US dollars (see money_field).
        models.DecimalField: {"form_class": MoneyField},
        models.URLField: {"form_class": WebAddressField},
        # Links between content are chosen from short lists (a few dozen organizations,
        # a handful of programs): tick boxes and plain choices, which work without
        # JavaScript and pass axe and the HTML checker, where the admin's searching
        # widget does neither. So no admin here sets autocomplete_fields.
        models.ManyToManyField: {"widget": CompactCheckboxes},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.help_text = " ".join(
                filter(None, [str(formfield.help_text), str(field_help(db_field, formfield))])
            )
        return formfield


def field_help(db_field, formfield):
    """What a kind of field needs explained, added to its own help text."""
    if isinstance(formfield, TimeField):
        return str(TIME_HELP)
    if isinstance(formfield, MoneyField):
        return str(MONEY_HELP)
    if isinstance(formfield, WebAddressField) and "https://" not in str(formfield.help_text):
        return str(URL_HELP)
    if db_field.name == "order" and not db_field.help_text:
        return order_help(db_field.model)
    if db_field.name == "status" and not db_field.help_text:
        return STATUS_HELP
    return ""


def order_help(model):
    """What "Order" means for ``model``, from how its lists are sorted."""
    ordering = [key for key in model._meta.ordering if isinstance(key, str)]
    position = ordering.index("order") if "order" in ordering else len(ordering)
    parts = [gettext("Lower numbers are listed first: 0, then 1, then 2.")]
    groups = [verbose_name(model, key) for key in ordering[:position]]
    if groups:
        parts.append(gettext("Counted within each %(groups)s.") % {"groups": " & ".join(groups)})
    tie = ordering[position + 1] if position + 1 < len(ordering) else "pk"
    if tie == "pk":
        parts.append(gettext("Equal numbers keep the order they were added in."))
    elif tie == "-pk":
        parts.append(gettext("Equal numbers show the newest first."))
    elif tie.startswith("-"):
        parts.append(
            gettext("Equal numbers are sorted by %(name)s, from last to first.")
            % {"name": verbose_name(model, tie)}
        )
    else:
        parts.append(
            gettext("Equal numbers are sorted by %(name)s.") % {"name": verbose_name(model, tie)}
        )
    return " ".join(parts)


def verbose_name(model, ordering_key):
    return str(model._meta.get_field(ordering_key.lstrip("-").split("__")[0]).verbose_name)


class StackedInline(StaffInputMixin, admin.StackedInline):
    pass


class TabularInline(StaffInputMixin, admin.TabularInline):
    pass


class GuardedAdmin(StaffInputMixin, SimpleHistoryAdmin):
    """What every model admin needs whatever the model: deleting, bulk deleting and
    restoring an earlier version all ask the workflow first."""

    object_history_template = "admin/publishing/object_history.html"

    class Media:
        css = {"all": ["css/admin-tablet.css"]}
        js = ["js/admin-sidebar.js"]

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return workflow.can(request.user, "delete", obj)

    def delete_queryset(self, request, queryset):
        # The bulk "delete selected" action checks the model, not each row.
        if not all(workflow.can(request.user, "delete", item) for item in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        if not is_pk(object_id):
            raise Http404(gettext("No such item."))
        extra = {
            "versions": versions(self.model, object_id),
            "inline_history": inline_history(self.model, object_id),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, extra)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (is_pk(object_id) and is_pk(version_id)):
            raise Http404(gettext("No such version."))
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        # Restoring is the workflow's job: simple-history's own view would save the
        # submitted form first (a second history row) and checks view permission only.
        record = get_object_or_404(self.model.history, pk=version_id, id=object_id)
        item = self.model._base_manager.filter(pk=object_id).first()
        if item is None or not workflow.can(request.user, "restore", item):
            raise PermissionDenied
        workflow.restore(record, request.user)
        self.message_user(
            request,
            gettext("Restored the version of %(when)s.") % {"when": pacific(record.history_date)},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path.rsplit("/history/", 1)[0] + "/change/")


class PublishableAdmin(GuardedAdmin):
    """Defaults for content that has a slug and a draft/published state."""

    form = PublishableAdminForm
    change_form_template = "admin/publishing/change_form.html"

    class Media:
        css = {"all": ["css/admin-workflow.css"]}

    list_filter = [StateFilter, HeldChangeFilter]
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
    actions = ["publish", "unpublish"]
    publishing_fieldset = (
        PUBLISHING_TITLE,
        {"fields": ["slug", "status", "published_at", "expires_at", "created_at", "updated_at"]},
    )

    # --- Lists ------------------------------------------------------------------------

    def get_queryset(self, request):
        # Publishers find held changes from the list, without opening every item.
        from django.contrib.contenttypes.models import ContentType

        waiting = HeldChange.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=OuterRef("pk")
        )
        return super().get_queryset(request).annotate(has_held_change=Exists(waiting))

    @admin.display(description=gettext_lazy("State"), ordering="published_at")
    def state(self, obj):
        label = state_label(obj)
        if getattr(obj, "has_held_change", False):
            return gettext("%(state)s · change waiting for review") % {"state": label}
        return label

    def has_publish_permission(self, request):
        return workflow.can(request.user, "publish", self.model)

    @admin.action(
        description=gettext_lazy("Publish now"),
        permissions=["publish"],
        location=list(ActionLocation),
    )
    def publish(self, request, queryset):
        """Asks first, on a page of its own (no script needed): what goes live, and the
        kind of change with its public note; only the confirmed POST publishes."""
        confirmed = CONFIRMED in request.POST
        form = ChangeNoteForm(request.POST if confirmed else None, prefix="publish")
        if not form.is_valid():
            return self.confirm_publish(request, queryset, form)
        published, already = [], []
        for item in queryset:
            (published if workflow.publish(item, request.user, form.note) else already).append(item)
            for warning in item_warnings(item):
                self.message_user(request, f"{item}: {warning}", messages.WARNING)
        if published:
            names = ", ".join(str(item) for item in published)
            self.message_user(
                request, _("Published — now live: %(items)s.") % {"items": names}, messages.SUCCESS
            )
        if already:
            names = ", ".join(str(item) for item in already)
            self.message_user(
                request, _("Already live, nothing changed: %(items)s.") % {"items": names}
            )

    def confirm_publish(self, request, queryset, form):
        items = list(queryset)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publish now?"),
            "opts": self.model._meta,
            "items": [(item, state_label(item)) for item in items],
            "form": form,
            "carried": carried_action_fields(request.POST),
            "confirmed_name": CONFIRMED,
            "cancel_url": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/publishing/confirm_publish.html", context)

    @admin.action(
        description=gettext_lazy("Unpublish"),
        permissions=["publish"],
        location=list(ActionLocation),
    )
    def unpublish(self, request, queryset):
        count = sum(workflow.unpublish(item, request.user) for item in queryset)
        self.message_user(
            request,
            ngettext("Unpublished %(count)d item.", "Unpublished %(count)d items.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    # --- The change form ----------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can(request.user, "publish", self.model):
            fields += PUBLISHING_FIELDS
        return fields

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), ReviewDueFilter]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": without_form_only(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if not self.fieldsets:
            fieldsets = own_fields_first(fieldsets)
        fieldsets = with_review_box(in_publishing_place(fieldsets))
        if obj is not None and workflow.can(request.user, "publish", obj):
            fieldsets.append((gettext("What kind of change is this?"), {"fields": CHANGE_FIELDS}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.relations = tuple(self.row_relations(request, obj))
        held = workflow.held_change_for(obj) if obj is not None else None
        waiting = held is not None and not workflow.continues(request.user, held)
        if waiting and workflow.must_hold(request.user, obj):
            form.waiting_change = held
        return form

    def row_relations(self, request, obj):
        return [
            inline.model._meta.get_field(
                inline.fk_name or parent_key(inline, self.model)
            ).remote_field.get_accessor_name()
            for inline in self.get_inline_instances(request, obj)
        ]

    def get_formsets_with_inlines(self, request, obj=None):
        refuse = not workflow.can(request.user, "publish", self.model)
        for inline in self.get_inline_instances(request, obj):
            options = {
                "refuse_released_rows": refuse,
                "label_each_field": isinstance(inline, admin.TabularInline),
            }
            formset = type("RowFormSet", (MergingInlineFormSet,), options)
            yield inline.get_formset(request, obj, formset=formset), inline

    def get_object(self, request, object_id, from_field=None):
        if not is_pk(object_id):
            return None
        item = super().get_object(request, object_id, from_field)
        if item is None:
            return None
        held = workflow.held_change_for(item)
        # An editor back at their own held change edits it, not the live version.
        if workflow.continues(request.user, held) and workflow.must_hold(request.user, item):
            workflow.preview(item, held)
        return item

    def save_model(self, request, obj, form, change):
        for warning in item_warnings(obj):
            self.message_user(request, warning, messages.WARNING)
        if change and workflow.must_hold(request.user, obj):
            return  # held in save_related, where the rows' changes are known too
        if not workflow.can(request.user, "publish", obj):
            # Belt and braces: the fields are read-only for editors, so a crafted POST
            # cannot reach them, and a new item always starts as a draft.
            keep_publishing_state(obj)
        note = form.cleaned_data.get("change_note", "") if is_major(request, form) else ""
        workflow.attribute(obj, author=request.user, user=request.user, note=note)
        if note:
            obj.last_major_update = timezone.now()
        super().save_model(request, obj, form, change)
        if note:
            ChangeNote.record(obj, note, obj.last_major_update)

    def save_related(self, request, form, formsets, change):
        # Warned, not refused: a large or tiny amount may be right, and is saved as read.
        for warning in amount_warnings(form, formsets):
            self.message_user(request, warning, messages.WARNING)
        if not (change and workflow.must_hold(request.user, form.instance)):
            return super().save_related(request, form, formsets, change)
        changes = {**form.changes}
        for formset in formsets:
            changes.update(formset.changes)
        workflow.hold(form.instance, changes, read_base(request.POST), request.user)
        return None

    def construct_change_message(self, request, form, formsets, add=False):
        if not add and workflow.must_hold(request.user, form.instance):
            return ""  # nothing was saved, so there is nothing to describe
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if not workflow.must_hold(request.user, obj):
            super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if workflow.must_hold(request.user, obj):
            self.message_user(
                request,
                gettext(
                    "Saved as a draft change for a publisher to review. The live page has not "
                    "changed."
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        if workflow.held_change_for(obj) is not None:
            self.message_user(
                request,
                gettext(
                    "A change by an editor is still waiting for review: it is shown at the top "
                    "of this page, merged with what you just saved."
                ),
                messages.WARNING,
            )
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
        conflicts = [*form.conflicts, *(c for fs in formsets for c in fs.conflicts)]
        context["save_conflicts"] = [describe_conflict(self.model, c) for c in conflicts]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.model._base_manager.filter(pk=object_id).first() if is_pk(object_id) else None
        held = workflow.held_change_for(item) if item is not None else None
        deciding = {"_apply_pending", "_discard_pending"} & set(request.POST)
        if request.method == "POST" and deciding and held is None:
            # A second click, or another publisher was quicker: nothing is waiting now.
            self.message_user(
                request, gettext("No change is waiting for review."), messages.WARNING
            )
            return HttpResponseRedirect(request.path)
        if held is not None and request.method == "POST":
            decided = self.decide_held_change(request, held)
            if decided is not None:
                return decided
        extra = held_change_context(request, item, held) if held is not None else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def decide_held_change(self, request, held):
        """Apply, discard or withdraw a held change; None when the POST is a normal save."""
        if "_discard_pending" in request.POST:
            if not workflow.may_discard(request.user, held):
                raise PermissionDenied
            workflow.discard(held, request.user)
            self.message_user(request, gettext("The draft change was discarded."), messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        if "_apply_pending" not in request.POST:
            return None
        if not workflow.may_apply(request.user, held):
            raise PermissionDenied
        item = held.item
        form = apply_form(item, request.POST)
        if not form.is_valid():
            # Nothing is applied without the confirmation; what was typed is kept.
            return self.confirm_apply(request, item, held, form)
        note = form.note
        try:
            item = workflow.apply(held, request.user, resolutions(request.POST), note=note)
        except workflow.ConflictError:
            self.message_user(
                request,
                gettext(
                    "Not applied: the live item changed since the editor wrote this change, in "
                    "the same places. Both versions are shown below: choose for each, then apply."
                ),
                messages.ERROR,
            )
        except ValidationError as error:
            self.message_user(
                request,
                gettext("Not applied, nothing changed: %(reasons)s")
                % {"reasons": " ".join(workflow.validation_messages(error))},
                messages.ERROR,
            )
        else:
            if note:
                record_major_change(item, note)
            self.message_user(request, applied_message(item), messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    def confirm_apply(self, request, item, held, form):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Apply the draft change to “%(item)s”?") % {"item": item},
            "opts": self.model._meta,
            "original": item,
            "held_change": held,
            "held_differences": workflow.review(held, item),
            "apply_form": form,
            "carried": [
                (key, value)
                for key, value in request.POST.items()
                if key.startswith(RESOLVE_PREFIX)
            ],
            "cancel_url": request.path,
        }
        return TemplateResponse(request, "admin/publishing/confirm_apply.html", context)


def held_change_context(request, item, held):
    may_apply = workflow.may_apply(request.user, held)
    return {
        "apply_form": apply_form(item) if may_apply else None,
        "held_change": held,
        "held_differences": workflow.review(held, item),
        "held_conflicts": [
            describe_conflict(type(item), c) for c in workflow.conflicts_of(held, item)
        ]
        if may_apply
        else [],
        "continuing_held_change": workflow.continues(request.user, held)
        and workflow.must_hold(request.user, item),
        "may_apply_held_change": may_apply,
        "may_discard_held_change": workflow.may_discard(request.user, held),
        "held_preview_url": preview_url(item, held),
    }


# Sent by the "Publish now" confirmation page; an action POST without it only asks.
CONFIRMED = "publish_confirmed"


def carried_action_fields(data):
    """What the action's POST named (the action and the selection), for the
    confirmation page to send again."""
    names = ("action", "CHANGE_FORM-action", "index", "select_across", ACTION_CHECKBOX_NAME)
    return [(name, value) for name in names for value in data.getlist(name)]


def apply_form(item, data=None):
    return ConfirmApplyForm(data, prefix="apply", goes_live=goes_live_note(item))


def goes_live_note(item):
    """When residents will see the change, said before it is applied."""
    state = item.state
    if state == State.SCHEDULED:
        return _("Residents see it when the item goes live, %(when)s.") % {
            "when": pacific(item.published_at)
        }
    if state == State.EXPIRED:
        return _("The item expired %(when)s: residents see it only if it is published again.") % {
            "when": pacific(item.expires_at)
        }
    if state == State.DRAFT:
        return _("The item is a draft: residents see it once it is published.")
    return _("It goes live at once.")


def applied_message(item):
    """After applying, honestly: live now, or when it will be."""
    state = item.state
    if state == State.LIVE:
        return _("Applied — now live.")
    if state == State.SCHEDULED:
        return _("Applied — it goes live with the item, %(when)s.") % {
            "when": pacific(item.published_at)
        }
    if state == State.EXPIRED:
        return _("Applied — but the item expired %(when)s, so residents do not see it.") % {
            "when": pacific(item.expires_at)
        }
    return _("Applied — the item is a draft, so residents see it once it is published.")


def describe_conflict(model, conflict):
    from .changes import label_of, shown

    mine, theirs = (
        shown(model, conflict.key, conflict.mine),
        shown(model, conflict.key, conflict.theirs),
    )
    return {
        "key": conflict.key,
        "label": label_of(model, conflict.key),
        "mine": mine,
        "theirs": theirs,
        "diff": word_diff(theirs, mine) if len(mine) + len(theirs) > 80 else "",
        "gone": conflict.gone,
    }


def preview_url(item, held):
    """Where a held change can be seen on the public site: an item's own page, or the
    list page that is its home when that page can show one (``draft_change_models``)."""
    url = item.get_absolute_url() if hasattr(item, "get_absolute_url") else ""
    if not url:
        return ""
    if "#" not in url:
        return f"{url}?draft_change=1"
    path, anchor = url.split("#", 1)
    try:
        view = resolve(path).func
    except Resolver404:
        return ""
    shown = getattr(getattr(view, "view_class", None), "draft_change_models", ())
    return f"{path}?draft_change={held.pk}#{anchor}" if type(item) in shown else ""


def parent_key(inline, parent_model):
    from django.forms.models import _get_foreign_key

    return _get_foreign_key(parent_model, inline.model).name


def is_major(request, form):
    return (
        workflow.can(request.user, "publish", form.instance)
        and form.cleaned_data.get("change_kind") == "major"
    )


@transaction.atomic
def record_major_change(item, note):
    item.last_major_update = timezone.now()
    type(item)._base_manager.filter(pk=item.pk).update(last_major_update=item.last_major_update)
    ChangeNote.record(item, note, item.last_major_update)


def state_label(obj):
    state = obj.state
    if state == State.SCHEDULED:
        return gettext("Scheduled for %(when)s") % {"when": pacific(obj.published_at)}
    if state == State.EXPIRED:
        return gettext("Expired %(when)s") % {"when": pacific(obj.expires_at)}
    if state == State.LIVE and obj.expires_at:
        return gettext("Live until %(when)s") % {"when": pacific(obj.expires_at)}
    return state.label


def without_form_only(fields):
    return [field for field in fields if field not in FORM_ONLY_FIELDS]


def own_fields_first(fieldsets):
    """Django lists a model's fields with those of its abstract base first; on a form
    the model's own fields (its title first) come before what every item shares."""
    shared = {field.name for field in Publishable._meta.get_fields()}
    return [
        (title, {**options, "fields": sorted(options["fields"], key=lambda name: name in shared)})
        for title, options in fieldsets
    ]


def in_publishing_place(fieldsets):
    """The fieldsets with slug and publishing fields moved to one fieldset at the end,
    whichever fieldset (if any) the model admin put them in; every other field keeps
    its place."""
    names = [name for _title, options in fieldsets for name in flat(options["fields"])]
    placed = [name for name in PUBLISHING_PLACE if name in names]
    rest = []
    for title, options in fieldsets:
        fields = [kept for kept in (without_placed(entry) for entry in options["fields"]) if kept]
        if fields:
            rest.append((title, {**options, "fields": fields}))
    if not placed:
        return rest
    return [*rest, (PUBLISHING_TITLE, {"fields": side_by_side(placed)})]


# Pairs that read together, on one line where the screen is wide enough.
PAIRS = [("created_at", "updated_at")]


def side_by_side(names):
    lines = list(names)
    for first, second in PAIRS:
        if first in lines and second in lines:
            lines[lines.index(first)] = (first, second)
            lines.remove(second)
    return lines


def with_review_box(fieldsets):
    """The check dates in their own box, just before the publishing one, whether or not
    the model admin listed them."""
    fieldsets = [
        (title, {**options, "fields": [f for f in options["fields"] if f not in REVIEW_FIELDS]})
        for title, options in fieldsets
    ]
    publishing_last = fieldsets and fieldsets[-1][0] == PUBLISHING_TITLE
    at = len(fieldsets) - 1 if publishing_last else len(fieldsets)
    # Checked now and then, not on every edit: folded away until opened.
    content_check = {"fields": list(REVIEW_FIELDS), "classes": ["collapse"]}
    fieldsets.insert(at, (gettext_lazy("Content check"), content_check))
    return fieldsets


def flat(fields):
    for entry in fields:
        if isinstance(entry, list | tuple):
            yield from entry
        else:
            yield entry


def without_placed(entry):
    """A fieldset entry (a name, or names on one line) without the publishing fields."""
    if isinstance(entry, list | tuple):
        kept = tuple(name for name in entry if name not in PUBLISHING_PLACE)
        return kept if len(kept) > 1 else (kept[0] if kept else None)
    return None if entry in PUBLISHING_PLACE else entry


def amount_warnings(form, formsets):
    """A warning for each amount typed on the form or its rows that reads as implausible."""
    rows = [
        (f"{capfirst(formset.model._meta.verbose_name)} {row_name(row, number)}: ", row)
        for formset in formsets
        for number, row in enumerate(formset.forms, start=1)
        if row.has_changed() and not formset._should_delete_form(row)
    ]
    for where, each in [("", form), *rows]:
        for name in each.changed_data:
            if isinstance(each.fields.get(name), MoneyField):
                warning = amount_warning(each.cleaned_data.get(name))
                if warning:
                    yield f"{where}{each.fields[name].label} {warning}"


def row_name(row, number):
    if type(row.instance).__str__ is models.Model.__str__:
        return str(number)
    return f"“{row.instance}”"


def keep_publishing_state(obj):
    saved = obj.saved_copy()
    for name in PUBLISHING_FIELDS:
        setattr(obj, name, getattr(saved, name) if saved else None)
    if saved is None:
        obj.status = type(obj).Status.DRAFT


class PublishableInline:
    """For a publishable model edited inline: editors can neither publish nor delete it."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can(request.user, "publish", self.model):
            fields += [name for name in PUBLISHING_FIELDS if name in (self.fields or ())]
        return fields

    def has_delete_permission(self, request, obj=None):
        return workflow.can(request.user, "publish", self.model) and super().has_delete_permission(
            request, obj
        )


@admin.register(SiteAlert)
class SiteAlertAdmin(GuardedAdmin):
    list_display = ["message", "severity", "state", "is_on", "starts_at", "ends_at"]
    list_filter = ["severity", "is_on"]
    fields = ["message", "severity", "is_on", "starts_at", "ends_at"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "message":
            # A sentence or two, perhaps on two lines: a one-line box hides most of it.
            kwargs["widget"] = AdminTextareaWidget(attrs={"rows": 3})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="State")
    def state(self, obj):
        return obj.state.label


# Second-factor devices are not edited in the admin: django-otp's pages for them would
# show an authenticator's secret. A lost factor is reset with `manage.py
# reset_second_factor`, and staff add their own on the second factor's pages.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
