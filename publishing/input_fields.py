"""Form fields that read what staff type the way a person writes it.

Times as "6:30 pm", "6pm" or "18:30"; dollar amounts as "$1,250,000" or "1.4M"; web
addresses that must start with https:// or http://. Anything else is refused with a
message that says what to type, never silently read as something else: "1.250.000"
and "12,50" (continental separators) or "1e9" (an exponent) could each mean two
different amounts, so they are refused rather than guessed.
"""

import re
from datetime import time
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import http_url_validator

# --- Times ------------------------------------------------------------------------------

TIME_HELP = _("Type a time like 6:30 pm, 6pm or 18:30.")
TIME_EXAMPLE = _("e.g. 6:30 pm")
TWELVE_HOUR = re.compile(
    r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>[ap])\.?\s*(?:m\.?)?$",
    re.IGNORECASE,
)
TWENTY_FOUR_HOUR = re.compile(r"^(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?$")
NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}


def parse_time(text):
    """The time ``text`` names, or None when it names none (or more than one)."""
    text = " ".join(text.split()).lower()
    if text in NAMED_TIMES:
        return NAMED_TIMES[text]
    if found := TWELVE_HOUR.match(text):
        hour, minute = int(found["hour"]), int(found["minute"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        return time(hour % 12 + (12 if found["half"] == "p" else 0), minute)
    if found := TWENTY_FOUR_HOUR.match(text):
        hour, minute, second = int(found["hour"]), int(found["minute"]), int(found["second"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            return None
        return time(hour, minute, second)
    return None


def format_time(value):
    """A time as staff would write it, and as ``parse_time`` reads it back."""
    if value.second:
        return value.strftime("%H:%M:%S")  # not a time anyone types: keep it exact
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'am' if value.hour < 12 else 'pm'}"


class TypedTimeMixin:
    """A time box wide enough for "12:30 pm", showing a saved time the way it is typed."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"size": "10", "placeholder": TIME_EXAMPLE, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, time):
            return format_time(value)
        return super().format_value(value)


class TimeWidget(TypedTimeMixin, admin_widgets.AdminTimeWidget):
    """The admin's time box, with its "Now" and clock shortcuts."""


class SplitTimeWidget(TypedTimeMixin, admin_widgets.BaseAdminTimeWidget):
    """The same inside a date and time, whose template already wraps it."""


class TimeField(forms.TimeField):
    widget = TimeWidget
    default_error_messages = {
        "invalid": _("“%(value)s” is not a time we can read. Type it like 6:30 pm, 6pm or 18:30."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, time):
            return value
        parsed = parse_time(str(value))
        if parsed is None:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        return parsed


class SplitDateTimeWidget(admin_widgets.AdminSplitDateTime):
    def __init__(self, attrs=None):
        forms.MultiWidget.__init__(
            self, [admin_widgets.BaseAdminDateWidget, SplitTimeWidget], attrs
        )


class SplitDateTimeField(forms.SplitDateTimeField):
    """A date and a time, the time read like ``TimeField``."""

    widget = SplitDateTimeWidget

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        date_field, _time_field = self.fields
        self.fields = (date_field, TimeField(required=False, localize=self.localize))


# --- Amounts of money -------------------------------------------------------------------

MONEY_HELP = _("US dollars as you would write them: $1,250,000, 1250000.50 or 1.4M.")
MONEY_EXAMPLE = _("e.g. $1,250,000")
AMOUNT = re.compile(
    r"^\$?\s*(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<cents>\.\d+)?$"
    r"|^\$?\s*(?P<scaled>\d+(?:\.\d+)?)\s*(?P<unit>m|million|k|thousand)$",
    re.IGNORECASE,
)
UNITS = {"m": 1_000_000, "million": 1_000_000, "k": 1_000, "thousand": 1_000}
# The amounts this site publishes are grants and budget lines of at most a few million
# dollars (the largest in the seed is $2.4 million). Over $10 million is not refused, a
# city budget line can be that large, but it is far more often an extra zero or a
# pasted figure with the wrong separators, so the person saving it is asked to look.
IMPLAUSIBLY_LARGE = Decimal("10000000")
# Below $100 is not a grant or a budget line: usually "1.4" meant "1.4 million".
IMPLAUSIBLY_SMALL = Decimal("100")


def parse_amount(text):
    """The amount of US dollars ``text`` names, or None when it is not clearly one."""
    text = " ".join(text.split())
    found = AMOUNT.match(text)
    if found is None:
        return None
    try:
        if found["scaled"]:
            return Decimal(found["scaled"]) * UNITS[found["unit"].lower()]
        return Decimal(found["number"].replace(",", "") + (found["cents"] or ""))
    except InvalidOperation:
        return None


def format_amount(value):
    return f"${value:,.2f}"


class MoneyWidget(forms.TextInput):
    """A text box, not a number box: a browser's number box throws away "$1,250,000"
    and sends nothing, which would save the amount as empty without a word."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": MONEY_EXAMPLE, "size": "16", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:,.2f}"
        return super().format_value(value)


class MoneyField(forms.DecimalField):
    widget = MoneyWidget
    default_error_messages = {
        "invalid": _(
            "“%(value)s” is not an amount we can read. Type US dollars like $1,250,000 or "
            "1250000.50: commas only between thousands, a point only before the cents."
        ),
        "negative": _("An amount cannot be negative. Type it without a minus sign."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip()
        if text.startswith(("-", "$-", "\N{MINUS SIGN}")):
            raise ValidationError(self.error_messages["negative"], code="negative")
        parsed = parse_amount(text)
        if parsed is None:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": text}
            )
        return parsed


def amount_warning(value):
    """Why a readable amount still looks wrong, or "" when it looks plausible."""
    if value is None:
        return ""
    shown = format_amount(value)
    if value == 0:
        return gettext(
            "was read as $0.00, which the site shows as $0. If no amount has been "
            "published, empty the box instead."
        )
    if value < IMPLAUSIBLY_SMALL:
        return gettext(
            "was read as %(shown)s, less than $100. If you meant millions, type it like 1.4M "
            "or 1,400,000."
        ) % {"shown": shown}
    if value > IMPLAUSIBLY_LARGE:
        return gettext(
            "was read as %(shown)s, more than $10 million. Check it has no extra zeros."
        ) % {"shown": shown}
    return ""


# --- Choosing several of a short list -------------------------------------------------


class CompactCheckboxes(forms.CheckboxSelectMultiple):
    """For choosing a few of a few dozen records: one line naming what is chosen, which
    opens into tick boxes in columns (static/css/admin-tablet.css). A fraction of the
    height of the admin's two-box picker, usable without JavaScript (it is a
    ``<details>``), and read by screen readers as a group of tick boxes."""

    template_name = "publishing/widgets/compact_checkboxes.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "compact-choices", **(attrs or {})}, choices=choices)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["chosen"] = [
            option["label"]
            for _group, options, _index in context["widget"]["optgroups"]
            for option in options
            if option["selected"]
        ]
        context["widget"]["none_chosen"] = _("None chosen")
        context["widget"]["change_label"] = _("change")
        return context


# --- Web addresses ----------------------------------------------------------------------

URL_HELP = _("A full web address starting with https://, e.g. https://www.portland.gov/.")


class WebAddressField(forms.URLField):
    """Only web pages: a ``javascript:``, ``mailto:`` or ``ftp:`` address is refused with
    a message saying why, rather than Django's bare "Enter a valid URL"."""

    default_validators = [http_url_validator]
    default_error_messages = {"invalid": http_url_validator.message}
