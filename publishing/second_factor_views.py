"""The staff pages of the second factor: passing it after the password, setting one up,
and the recovery codes. Thin: the rules are in ``publishing.second_factor``.

They live under the admin's path, so the public page cache never keeps one, and go
through the admin's own view wrapper (staff only, never cached, CSRF-protected).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device

from . import second_factor as factor

FRESH_RECOVERY_CODES = "second_factor_fresh_recovery_codes"


def urls(site):
    """The routes to include just before ``site.urls``, under the same path."""
    return [
        path("second-factor/", site.admin_view(verify_view(site)), name="second_factor"),
        path(
            "second-factor/set-up/",
            site.admin_view(enrol_view(site)),
            name="second_factor_enrol",
        ),
        path(
            "second-factor/remove/",
            site.admin_view(require_POST(remove_view)),
            name="second_factor_remove",
        ),
        path(
            "second-factor/recovery-codes/",
            site.admin_view(recovery_codes_view(site)),
            name="second_factor_recovery_codes",
        ),
        # The passkey ceremonies (JSON, called by the pages' script).
        path("second-factor/passkeys/", include("django_otp_webauthn.urls")),
    ]


def page_context(site, request, title, **context):
    # Until the factor is passed the admin's menu would only lead back here: leave it out.
    verified = factor.is_verified(request.user)
    return {
        **site.each_context(request),
        "title": title,
        "is_nav_sidebar_enabled": verified and site.enable_nav_sidebar,
        "available_apps": site.get_app_list(request) if verified else [],
        "next": factor.safe_next(request),
        "verified": verified,
        **context,
    }


def with_next(url_name, request):
    return f"{reverse(url_name)}?{urlencode({'next': factor.safe_next(request)})}"


def verify_view(site):
    @require_http_methods(["GET", "POST"])
    def verify(request):
        user = request.user
        if user.is_verified():
            return redirect(factor.safe_next(request))
        if not user_has_device(user, confirmed=True):
            return redirect(with_next("second_factor_enrol", request))
        posted = request.POST if request.method == "POST" else None
        app_form = factor.AuthenticatorCodeForm(
            user, data=posted if posted and "otp_token" in posted else None
        )
        recovery_form = factor.RecoveryCodeForm(
            user, data=posted if posted and "recovery_code" in posted else None
        )
        for form in (app_form, recovery_form):
            if form.is_bound and form.is_valid():
                factor.pass_second_factor(request, form.device)
                return redirect(factor.safe_next(request))
        context = page_context(
            site,
            request,
            _("Confirm it is you"),
            app_form=app_form,
            recovery_form=recovery_form,
            has_app=factor.authenticator_apps(user).exists(),
            has_passkey=factor.passkeys(user).exists(),
            recovery_codes_left=factor.recovery_codes_left(user),
        )
        return TemplateResponse(request, "admin/second_factor/verify.html", context)

    return verify


def enrol_view(site):
    @require_http_methods(["GET", "POST"])
    def enrol(request):
        user = request.user
        if user_has_device(user, confirmed=True) and not user.is_verified():
            # A new factor only once an existing one (a recovery code included) has been
            # passed: a password alone must never add one to an account that has any.
            return redirect(with_next("second_factor", request))
        device = factor.pending_authenticator_app(user)
        form = factor.AuthenticatorCodeForm(
            user, data=request.POST if request.method == "POST" else None, devices=[device]
        )
        if form.is_bound and form.is_valid():
            return app_confirmed(request, form.device)
        context = page_context(
            site,
            request,
            _("Set up a second way to sign in"),
            form=form,
            qr_code=factor.qr_code_data_uri(device),
            secret_key=factor.secret_key(device),
            apps=factor.authenticator_apps(user),
            passkeys=factor.passkeys(user),
            removable=len(factor.factors(user)) > 1,
        )
        return TemplateResponse(request, "admin/second_factor/enrol.html", context)

    return enrol


def remove_view(request):
    try:
        removed = factor.remove_factor(request.user, request.POST.get("device", ""))
    except factor.LastFactorError:
        messages.error(request, _("Add another passkey or app before removing your last one."))
    else:
        if removed is None:
            raise Http404
        messages.success(request, _("Removed. It no longer signs you in."))
    return redirect("second_factor_enrol")


def app_confirmed(request, device):
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    if not request.user.is_verified():
        factor.pass_second_factor(request, device)
    messages.success(request, _("Your authenticator app is set up."))
    return after_new_factor(request)


def after_new_factor(request):
    """Recovery codes come with the first factor; later ones keep the codes already kept."""
    if factor.recovery_codes_left(request.user) == 0:
        request.session[FRESH_RECOVERY_CODES] = factor.issue_recovery_codes(request.user)
        return redirect(with_next("second_factor_recovery_codes", request))
    return redirect(factor.safe_next(request))


def recovery_codes_view(site):
    @require_http_methods(["GET", "POST"])
    def recovery_codes(request):
        if request.method == "POST":
            if "replace" in request.POST:
                codes = factor.issue_recovery_codes(request.user)
                request.session[FRESH_RECOVERY_CODES] = codes
                return redirect(with_next("second_factor_recovery_codes", request))
            # A passkey was just added: the set-up page's script posts here.
            if "passkey_added" in request.POST and factor.passkeys(request.user).exists():
                messages.success(request, _("Your passkey is set up."))
            return after_new_factor(request)
        context = page_context(
            site,
            request,
            _("Recovery codes"),
            codes=request.session.pop(FRESH_RECOVERY_CODES, None),
            codes_left=factor.recovery_codes_left(request.user),
        )
        return TemplateResponse(request, "admin/second_factor/recovery_codes.html", context)

    return recovery_codes
