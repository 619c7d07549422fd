"""Staff sign-in: how many tries are left, lock-outs a publisher can lift, password
reset for staff only, and sessions that end a fixed time after signing in.

Lock-outs count failures per username *and* address together (django-axes'
``AXES_LOCKOUT_PARAMETERS``), so nobody elsewhere can lock a colleague out by
knowing their username, and one person's typos on a shared address lock out only
themselves. ``SignInHandler`` adds a looser limit per address across every
username, against one address trying a few passwords on many accounts.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

log = logging.getLogger(__name__)


# --- Counting failures ---------------------------------------------------------------


def address_failures(ip_address, since):
    rows = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return rows.aggregate(total=Sum("failures_since_start"))["total"] or 0


class SignInHandler(AxesDatabaseHandler):
    """django-axes' database handler, plus the address-wide limit.

    Axes compares one failure limit with every lock-out parameter, so an address
    rule in ``AXES_LOCKOUT_PARAMETERS`` would lock a shared address at the same
    five failures that lock one account; this counts the address on its own.
    """

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        since = get_cool_off_threshold(request)
        if address_failures(request.axes_ip_address, since) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def pause_minutes(request=None):
    return int(get_cool_off(request).total_seconds() // 60)


# --- The login form ----------------------------------------------------------------


class SignInForm(AdminAuthenticationForm):
    """The admin's login form, saying how many tries remain before a pause.

    The count is axes' own for this username and address, kept for unknown
    usernames too, so it tells nobody whether an account exists.
    """

    def get_invalid_login_error(self):
        error = super().get_invalid_login_error()
        left = attempts_left(self.request, self.cleaned_data.get("username"))
        if left is None:
            return error
        return ValidationError([error, ValidationError(attempts_left_message(left))])


def attempts_left(request, username):
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return None
    return max(get_failure_limit(request, {"username": username}) - failures, 0)


def attempts_left_message(left):
    return ngettext(
        "%(count)d attempt left before sign-in is paused for %(minutes)d minutes for this "
        "account from this address.",
        "%(count)d attempts left before sign-in is paused for %(minutes)d minutes for this "
        "account from this address.",
        left,
    ) % {"count": left, "minutes": pause_minutes()}


# --- Lock-outs a publisher can lift -----------------------------------------------


@dataclass(frozen=True)
class LockOut:
    username: str  # empty: every account from the address
    ip_address: str
    failures: int
    ends_at: datetime


def current_lockouts():
    """Every pause in force: per account and address, then per address."""
    now = timezone.now()
    cool_off = get_cool_off()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off)
    pairs = _grouped(recent, ["username", "ip_address"], settings.AXES_FAILURE_LIMIT)
    addresses = _grouped(recent, ["ip_address"], settings.AXES_ADDRESS_FAILURE_LIMIT)
    return [
        LockOut(row.get("username", ""), row["ip_address"], row["failures"], row["last"] + cool_off)
        for row in [*pairs, *addresses]
    ]


def _grouped(attempts, fields, limit):
    rows = attempts.values(*fields).annotate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    return rows.filter(failures__gte=limit).order_by(*fields)


def unlock(by, username, ip_address):
    """Lift a pause. An empty username lifts the address-wide one."""
    removed = reset(username=username or None, ip=ip_address)
    log.warning(
        "Sign-in pause lifted by %s for %s from %s (%d records)",
        by.get_username(),
        username or "every account",
        ip_address,
        removed,
    )
    return removed


# --- Sessions ------------------------------------------------------------------------

SIGNED_IN_AT = "signed_in_at"


def remember_sign_in_time(sender, request, user, **kwargs):
    request.session[SIGNED_IN_AT] = timezone.now().timestamp()


def session_expired(session):
    # A session from before this rule began is timed from the first request that sees it.
    started = session.setdefault(SIGNED_IN_AT, timezone.now().timestamp())
    limit = timedelta(hours=settings.SESSION_ABSOLUTE_HOURS)
    return timezone.now().timestamp() - started > limit.total_seconds()


class AbsoluteSessionLimitMiddleware:
    """Ends a signed-in session a fixed time after signing in, however active it is:
    the idle limit alone lets a stolen or forgotten session live for ever."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and session_expired(request.session):
            return self.sign_out(request)
        return self.get_response(request)

    def sign_out(self, request):
        logout(request)
        hours = settings.SESSION_ABSOLUTE_HOURS
        messages.info(
            request,
            gettext("For safety, sign-in lasts at most %(hours)d hours. Sign in again.")
            % {"hours": hours},
        )
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))


# --- Password reset ------------------------------------------------------------------


class StaffPasswordResetForm(PasswordResetForm):
    """Sends a reset link to staff only. The page answers the same for any address,
    so it reveals nothing about who has an account."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)
