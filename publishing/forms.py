"""The change form every content admin shares: it merges by field instead of
overwriting what someone else saved, and carries the publisher's change note.

The form remembers the item as it was when it was opened (``base``, signed so it
cannot be forged). On save, only the values this person changed are written;
values someone else changed meanwhile are kept; where both changed the same
value, the save is refused with both versions and a choice for each.
"""

from django import forms
from django.core import signing
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import workflow
from .changes import content_fields, formset_values, plain, row_fields, snapshot

CHANGE_FIELDS = ["change_kind", "change_note"]
FORM_ONLY_FIELDS = ["base", *CHANGE_FIELDS]
BASE_SALT = "publishing.base"
RESOLVE_PREFIX = "resolve:"


def pacific(moment):
    return timezone.localtime(moment).strftime("%b %-d, %Y %-I:%M %p") + " Pacific"


def sign_base(values):
    return signing.dumps(values, salt=BASE_SALT, compress=True)


def read_base(data):
    """What the form started from, or {} when it is missing or was tampered with."""
    try:
        return signing.loads(data.get("base") or "", salt=BASE_SALT)
    except signing.BadSignature:
        return {}


def resolutions(data):
    """The person's explicit choices for values both sides changed."""
    return {
        key.removeprefix(RESOLVE_PREFIX): value
        for key, value in data.items()
        if key.startswith(RESOLVE_PREFIX) and value in ("mine", "theirs")
    }


def change_kind_field():
    return forms.ChoiceField(
        label=_("Kind of change"),
        choices=[
            ("minor", _("Minor: a typo or small fix, not announced")),
            ("major", _("Major: residents should know; updates 'Last updated'")),
        ],
        initial="minor",
        required=False,
        widget=forms.RadioSelect,
    )


def change_note_field():
    return forms.CharField(
        label=_("Public note for a major change"),
        max_length=200,
        required=False,
        help_text=_(
            "One line, shown under 'See all updates', e.g. 'Added the 2023 grant amounts.'"
        ),
    )


MAJOR_NEEDS_NOTE = _("Write a one-line public note for a major change.")


class ChangeNoteForm(forms.Form):
    """What kind of change is going live, and its public note when it is major: asked
    when a publisher applies a held change or publishes now."""

    change_kind = change_kind_field()
    change_note = change_note_field()

    def clean(self):
        cleaned = super().clean()
        major = cleaned.get("change_kind") == "major"
        if major and not cleaned.get("change_note"):
            self.add_error("change_note", MAJOR_NEEDS_NOTE)
        if cleaned.get("change_note") and not major:
            # A note typed for a minor change would be dropped without a word.
            self.add_error("change_kind", _("A public note is published only with a major change."))
        return cleaned

    @property
    def note(self):
        """The public note, only for a major change."""
        if self.cleaned_data.get("change_kind") != "major":
            return ""
        return self.cleaned_data.get("change_note", "").strip()


class ConfirmApplyForm(ChangeNoteForm):
    """Applying a held change: the publisher ticks that they checked what it changes."""

    confirm = forms.BooleanField(
        label=_("I have checked every difference above: apply them."),
        error_messages={"required": _("Tick the box to confirm, then apply.")},
    )

    def __init__(self, *args, goes_live="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].help_text = goes_live


class PublishableAdminForm(forms.ModelForm):
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    change_kind = change_kind_field()
    change_note = change_note_field()
    # Set by the admin: the rows edited with the item, part of what the form started from.
    relations = ()
    # Another person's held change to this item, which a save would replace.
    waiting_change = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = []
        self.changes = {}
        if self.instance.pk:
            self.fields["base"].initial = sign_base(snapshot(self.instance, self.relations))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("change_kind") == "major" and not cleaned.get("change_note"):
            self.add_error("change_note", MAJOR_NEEDS_NOTE)
        if self.waiting_change is not None:
            raise forms.ValidationError(
                _(
                    "Not saved: a draft change by %(author)s is waiting for a publisher's "
                    "review, and saving would replace it. Your changes are still in the form "
                    "below; ask a publisher to apply or discard that change first."
                )
                % {"author": self.waiting_change.author or _("another editor")}
            )
        if self.instance.pk:
            self.merge_with_saved()
        return cleaned

    def merge_with_saved(self):
        mine = {
            name: plain(self.instance._meta.get_field(name), value)
            for name, value in self.cleaned_data.items()
            if name in content_field_names(self.instance)
        }
        base = read_base(self.data)
        try:
            self.changes = workflow.merge(self.instance, base, mine, (), resolutions(self.data))
        except workflow.ConflictError as error:
            self.conflicts = error.conflicts
            raise forms.ValidationError(
                _(
                    "Not saved: someone else changed the same thing after you opened this page. "
                    "Both versions are shown below: choose which to keep for each, then save "
                    "again. Nothing has been saved or lost yet."
                )
            ) from None
        # A value this person did not change keeps what is saved now, even if someone
        # else changed it meanwhile: leaving it out means the model form won't write it.
        for name in mine:
            if name not in self.changes:
                del self.cleaned_data[name]


def content_field_names(item):
    return {field.name for field in content_fields(type(item))}


class MergingInlineFormSet(BaseInlineFormSet):
    """Rows edited with an item merge like the item's own fields. For an editor, a row
    that is released cannot be changed here: on its own page the change is held for
    review, here it would go live unreviewed."""

    refuse_released_rows = False
    # Set for a tabular inline, whose fields have a column heading but no label.
    label_each_field = False
    changes = {}
    conflicts = ()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if self.label_each_field:
            row = str(form.instance) if form.instance.pk else _("new row")
            for field in form.fields.values():
                widget = getattr(field.widget, "widget", field.widget)
                if not widget.is_hidden:
                    widget.attrs.setdefault("aria-label", f"{field.label} ({row})")

    def clean(self):
        super().clean()
        if self.refuse_released_rows:
            self.refuse_changes_to_released_rows()
        if self.instance.pk and not any(self.errors):
            self.merge_with_saved()

    def refuse_changes_to_released_rows(self):
        for form in self.initial_forms:
            if not form.has_changed():
                continue
            saved = form.instance.saved_copy() if hasattr(form.instance, "saved_copy") else None
            if saved is not None and saved.is_released():
                raise forms.ValidationError(
                    _(
                        "“%(item)s” is published: change it on its own page, where your change "
                        "is held for a publisher's review."
                    )
                    % {"item": saved}
                )

    def merge_with_saved(self):
        relation = self.fk.remote_field
        name = relation.get_accessor_name()
        mine = formset_values(self)
        base = read_base(self.data)
        try:
            self.changes = workflow.merge(self.instance, base, mine, [name], resolutions(self.data))
        except workflow.ConflictError as error:
            self.conflicts = error.conflicts
            raise forms.ValidationError(
                _(
                    "Not saved: a row below was changed by someone else after you opened this "
                    "page. Both versions are shown at the top: choose, then save again."
                )
            ) from None
        self.keep_what_others_saved(name, mine)

    def keep_what_others_saved(self, name, mine):
        fields = {field.name: field for field in row_fields(self.fk.remote_field)}
        for form in self.initial_forms:
            pk = form.instance.pk
            touched = [
                key.rsplit(":", 1)[1] for key in self.changes if key.startswith(f"{name}:{pk}:")
            ]
            if not touched and self.changes.get(f"{name}:{pk}", True):
                # Untouched by this person: the row stays exactly as saved now.
                form.has_changed = lambda: False
                continue
            saved = type(form.instance)._base_manager.filter(pk=pk).first()
            for field_name, field in fields.items():
                key = f"{name}:{pk}:{field_name}"
                if key in mine and field_name not in touched and saved and not field.many_to_many:
                    setattr(form.instance, field.attname, getattr(saved, field.attname))
