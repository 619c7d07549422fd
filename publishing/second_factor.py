"""The second factor every staff account passes after its password: a passkey, a code
from an authenticator app, or a single-use recovery code.

django-otp keeps the devices (authenticator apps and recovery codes; passkeys come from
django-otp-webauthn) and records in the session which one was passed. This module says
who must pass which, and keeps the rules in one place for the views, the management
commands and the tests:

- ``SecondFactorMiddleware``: until the factor is passed, the admin shows only the pages
  that ask for it (and sign-out); outside the admin the visitor counts as signed out,
  so a password alone previews no draft.
- Wrong codes are throttled per device by django-otp: each failure doubles the wait
  before that device accepts another try (1, 2, 4, 8 … seconds), whatever the address,
  and a right code resets it. They do not count toward the password's lock-out.
"""

import binascii
import math
import re
import unicodedata
from base64 import b32decode, b32encode

import segno
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timeuntil
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_APP = "Authenticator app"
RECOVERY_CODES = "Recovery codes"
# The pages an account that has not passed its second factor may see: the ones that ask
# for it or set it up, the passkey ceremonies they call, and signing in or out.
OPEN_URL_NAMES = {
    "second_factor",
    "second_factor_enrol",
    "admin:login",
    "admin:logout",
}
OPEN_NAMESPACES = {"otp_webauthn"}


# --- Who has what -------------------------------------------------------------------


def has_second_factor(user):
    """Whether ``user`` has a confirmed passkey or authenticator app. Recovery codes alone
    are no factor: they are the way back when the others are lost."""
    return bool(factors(user))


def authenticator_apps(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True)


def passkeys(user):
    return WebAuthnCredential.objects.devices_for_user(user, confirmed=True)


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_verified(user):
    return user.is_authenticated and user.is_verified()


# --- Authenticator apps ----------------------------------------------------------------


def pending_authenticator_app(user):
    """The authenticator app being set up: its secret shown until a first code confirms it.
    One per account, so reloading the page shows the same secret."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": AUTHENTICATOR_APP}
    )
    return device


def secret_key(device):
    """The secret as people type it into an app: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_data_uri(device):
    # An image by data URI: the site's CSP allows data: images and no inline style.
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)


class SecretKeyError(ValueError):
    pass


def parse_secret_key(text):
    """A base32 secret as an operator types it (spaces and lower case allowed), as bytes.
    Refuses anything that is not base32 or shorter than 80 bits, the least apps take."""
    cleaned = re.sub(r"[\s-]", "", text or "").upper().rstrip("=")
    if not re.fullmatch(r"[A-Z2-7]+", cleaned):
        raise SecretKeyError("The secret must be base32: the letters A to Z and digits 2 to 7.")
    if len(cleaned) < 16:
        raise SecretKeyError("The secret must have at least 16 base32 characters (80 bits).")
    try:
        return b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except binascii.Error as error:
        raise SecretKeyError("The secret is not valid base32.") from error


def enrol_authenticator_app(user, key):
    """Give ``user`` an authenticator app with the secret ``key`` (bytes), replacing any
    they had: for an operator setting up an account, whose owner's app holds the key."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        return TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_APP, key=key.hex(), confirmed=True
        )


def factors(user):
    """``user``'s passkeys and authenticator apps."""
    return [device for device in devices_for_user(user) if not isinstance(device, StaticDevice)]


class LastFactorError(Exception):
    pass


def remove_factor(user, persistent_id):
    """Remove one of ``user``'s own passkeys or apps (a lost phone), never the last one.
    Returns None when ``persistent_id`` names none of theirs."""
    own = factors(user)
    device = next((d for d in own if d.persistent_id == persistent_id), None)
    if device is None:
        return None
    if len(own) == 1:
        raise LastFactorError
    device.delete()
    return device


# --- Recovery codes ---------------------------------------------------------------------


def issue_recovery_codes(user):
    """A new set of single-use codes, replacing the old set. Returns them for showing once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# --- Resetting a lost factor ------------------------------------------------------------


def reset_second_factor(user):
    """Remove every device of ``user``: at their next page they set up a new factor.
    Sessions that passed with a removed device no longer count as verified."""
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
    return len(devices)


# --- Passing it -------------------------------------------------------------------------


def wait_message(devices):
    """Why none of ``devices`` takes a code now, or None when one does."""
    waits = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if allowed:
            return None
        waits.append(details["locked_until"])
    until = min(waits)
    seconds = max(math.ceil((until - timezone.now()).total_seconds()), 1)
    if seconds >= 60:
        return _("Too many wrong codes. Wait %(time)s before trying again.") % {
            "time": timeuntil(until)
        }
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second before trying again.",
        "Too many wrong codes. Wait %(seconds)d seconds before trying again.",
        seconds,
    ) % {"seconds": seconds}


class CodeForm(forms.Form):
    """A one-time code, checked against each of the user's devices that ``devices()``
    names, with django-otp's throttle."""

    error_messages = {}

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def devices(self):
        raise NotImplementedError

    def clean_code(self, code):
        devices = list(self.devices())
        if not devices:
            raise ValidationError(self.error_messages["none"], code="none")
        waiting = wait_message(devices)
        if waiting:
            raise ValidationError(waiting, code="throttled")
        for device in devices:
            verified = verify_token(self.user, device.persistent_id, code)
            if verified:
                self.device = verified
                return code
        raise ValidationError(self.error_messages["wrong"], code="wrong")


class AuthenticatorCodeForm(CodeForm):
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits. The app shows a new code every 30 seconds."),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"[0-9 ]*",
                "size": 8,
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Enter the six-digit code from your authenticator app.")},
    )
    error_messages = {
        "wrong": _(
            "That code is not right. Enter the code your app shows now, without waiting "
            "for it to change."
        ),
        "none": _("This account has no authenticator app."),
        "format": _("The code is six digits, such as 123456."),
    }

    def __init__(self, user, *args, devices=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self._devices = devices

    def devices(self):
        if self._devices is not None:
            return self._devices
        return authenticator_apps(self.user)

    def clean_otp_token(self):
        # Digits as any keyboard types them (full-width ones too), spaces left out.
        code = re.sub(r"\s", "", unicodedata.normalize("NFKC", self.cleaned_data["otp_token"]))
        if not re.fullmatch(r"[0-9]{6}", code):
            raise ValidationError(self.error_messages["format"], code="format")
        return self.clean_code(code)


class RecoveryCodeForm(CodeForm):
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("One of the codes you kept when you set up sign-in. Each works once."),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "size": 12,
            }
        ),
        error_messages={"required": _("Enter one of your recovery codes.")},
    )
    error_messages = {
        "wrong": _("That recovery code is not right, or it has been used already."),
        "none": _("This account has no recovery codes left."),
    }

    def devices(self):
        return StaticDevice.objects.devices_for_user(self.user, confirmed=True)

    def clean_recovery_code(self):
        code = re.sub(r"[\s-]", "", self.cleaned_data["recovery_code"]).lower()
        return self.clean_code(code)


def pass_second_factor(request, device):
    """Record that this session passed ``device``; a new session key, as at any sign-in."""
    request.session.cycle_key()
    otp_login(request, device)


def safe_next(request, default=None):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("admin:index")


# --- Enforcing it -----------------------------------------------------------------------


def is_admin_path(path):
    return path.startswith(reverse("admin:index"))


def is_open(resolver_match):
    if resolver_match is None:
        return False
    return (
        resolver_match.view_name in OPEN_URL_NAMES
        or bool(set(resolver_match.namespaces) & OPEN_NAMESPACES)
        or resolver_match.url_name
        in {
            # Forgotten password: pages for people who cannot sign in at all.
            "admin_password_reset",
            "password_reset_done",
            "password_reset_confirm",
            "password_reset_complete",
        }
    )


class SecondFactorMiddleware:
    """A signed-in account that has not passed its second factor this session sees no admin
    page but the ones that ask for it, and is signed out everywhere else.

    Checked once a view is chosen, so every admin URL is covered, the ones added later and
    the admin's "not found" answer included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not is_admin_path(request.path):
            # A password alone previews no draft and makes nothing private.
            request.user = AnonymousUser()
            return None
        if is_open(request.resolver_match):
            return None
        target = reverse("second_factor")
        return redirect(f"{target}?{_next_query(request)}")


def _next_query(request):
    query = QueryDict(mutable=True)
    query["next"] = request.get_full_path()
    return query.urlencode(safe="/")
