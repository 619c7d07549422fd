"""The feedback form and the checks that keep robots out without a third-party CAPTCHA.

The form carries a signed token naming the page and the moment the form was shown.
A form sent within seconds of being shown is a robot's; one shown hours ago is
refused too, so a harvested token cannot be replayed for long. A hidden field people
never see (and so leave empty) catches robots that fill in every box.
"""

import secrets

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

SALT = "feedback.form"
UNCHECKED = _("This form could not be checked. Please send it again.")
CHOICES = [("yes", _("Yes")), ("no", _("No"))]


def issue_token(page, moment=None):
    moment = moment or timezone.now()
    # The nonce makes each form's token its own, so one can be accepted only once.
    issued = {"page": page, "t": int(moment.timestamp()), "n": secrets.token_urlsafe(9)}
    return signing.dumps(issued, salt=SALT)


def is_site_path(page):
    """A path on this site, such as /budget/: never another host, never a scheme."""
    return (
        isinstance(page, str)
        and page.startswith("/")
        and len(page) <= 200
        and page.isprintable()
        and url_has_allowed_host_and_scheme(page, allowed_hosts=None)
    )


class FeedbackForm(forms.Form):
    page = forms.CharField(max_length=200, widget=forms.HiddenInput)
    helpful = forms.TypedChoiceField(
        label=_("Was this page helpful?"),
        choices=CHOICES,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose Yes or No."),
            "invalid_choice": _("Choose Yes or No."),
        },
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        help_text=_(
            "Please do not include personal details. We cannot reply here: "
            "for help, call or email 311."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        error_messages={"max_length": _("Please keep it under 1,000 characters.")},
    )
    # People never see this box; robots that fill in every box do.
    website = forms.CharField(
        label=_("Leave this box empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()

    def clean_page(self):
        page = self.cleaned_data["page"]
        if not is_site_path(page):
            raise forms.ValidationError(_("We could not tell which page you mean."))
        return page

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("We could not accept this form. Leave the box empty."))
        return ""

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("token")
        if token is None or "page" not in cleaned:
            return cleaned
        try:
            issued = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            raise forms.ValidationError(UNCHECKED) from None
        if issued.get("page") != cleaned["page"]:
            raise forms.ValidationError(UNCHECKED)
        age = self.now.timestamp() - issued.get("t", 0)
        if age < settings.FEEDBACK_MIN_SECONDS:
            raise forms.ValidationError(
                _("That was quick. Please wait a few seconds, then send the form again.")
            )
        if age > settings.FEEDBACK_MAX_AGE_SECONDS:
            raise forms.ValidationError(_("This form was open too long. Please send it again."))
        return cleaned

    def fresh(self):
        """The same answers with a new token: what an error page shows to send again."""
        data = self.data.copy()
        page = self.data.get("page", "")
        data["token"] = issue_token(page if is_site_path(page) else "/", self.now)
        data["website"] = ""
        form = FeedbackForm(data, now=self.now)
        form._errors = self.errors
        return form
