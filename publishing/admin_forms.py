"""The change form every content admin shares: no silent overwrite, change notes."""

from datetime import datetime

from django import forms
from django.utils import timezone

CHANGE_FIELDS = ["change_kind", "change_note"]
FORM_ONLY_FIELDS = ["last_seen", *CHANGE_FIELDS]


def pacific(moment):
    return timezone.localtime(moment).strftime("%b %-d, %Y %-I:%M %p") + " Pacific"


class PublishableAdminForm(forms.ModelForm):
    """Adds the conflict check (no silent overwrite) and the publisher's change note."""

    last_seen = forms.CharField(widget=forms.HiddenInput, required=False)
    change_kind = forms.ChoiceField(
        label="Kind of change",
        choices=[
            ("minor", "Minor: a typo or small fix, not announced"),
            ("major", "Major: residents should know; updates 'Last updated'"),
        ],
        initial="minor",
        required=False,
        widget=forms.RadioSelect,
    )
    change_note = forms.CharField(
        label="Public note for a major change",
        max_length=200,
        required=False,
        help_text="One line, shown under 'See all updates', e.g. 'Added the 2023 grant amounts.'",
    )
    # Set by the admin when restoring an old version, which is meant to replace what is saved.
    check_conflicts = True
    # Another editor's draft change to this published item, waiting for review.
    waiting_change = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["last_seen"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("change_kind") == "major" and not cleaned.get("change_note"):
            self.add_error("change_note", "Write a one-line public note for a major change.")
        if self.check_conflicts:
            self.refuse_overwrite(cleaned.get("last_seen"))
        if self.waiting_change is not None:
            raise forms.ValidationError(
                f"Not saved: a draft change by {self.waiting_change.user or 'another editor'} "
                "is waiting for a publisher's review, and saving would replace it. "
                "Your changes are still in the form below; ask a publisher to apply or "
                "discard that change first."
            )
        return cleaned

    def refuse_overwrite(self, last_seen):
        saved = self.instance.updated_at
        if not (self.instance.pk and last_seen and saved) or last_seen == saved.isoformat():
            return
        changes = self.changes_since(last_seen)
        # The next save goes through: the editor has now seen what changed.
        self.data = self.data.copy()
        self.data[self.add_prefix("last_seen")] = saved.isoformat()
        latest = self.instance.history.first() if hasattr(self.instance, "history") else None
        who = f" by {latest.history_user}" if latest and latest.history_user else ""
        raise forms.ValidationError(
            f"Not saved: this item was changed{who} at {pacific(saved)}, after you opened it. "
            f"Changed meanwhile: {changes}. Your changes are still in the form below; "
            "check them against the saved version, then save again to keep yours."
        )

    def changes_since(self, last_seen):
        """'Field: old → new' for each field changed since the form was opened."""
        try:
            opened_at = datetime.fromisoformat(last_seen)
        except ValueError:
            return "unknown"
        history = getattr(self.instance, "history", None)
        opened = history.filter(updated_at=opened_at).first() if history else None
        latest = history.first() if history else None
        if opened is None or latest is None or opened.pk == latest.pk:
            return "see the saved version"
        delta = latest.diff_against(opened)
        described = [
            f"{self.instance._meta.get_field(change.field).verbose_name} "
            f"(“{short(change.old)}” → “{short(change.new)}”)"
            for change in delta.changes
            if change.field not in ("updated_at", "body_html", "description_html", "intro_html")
        ]
        return "; ".join(described) or "only its timestamp"


def short(value, limit=60):
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
