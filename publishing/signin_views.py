"""The staff pages around sign-in: lifting pauses, and resetting a forgotten password.

Every page here lives under the admin's path, so the public page cache never keeps
one and the admin's CSRF, clickjacking and session rules apply.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse_lazy
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from .signin import StaffPasswordResetForm, current_lockouts, unlock
from .workflow import is_publisher


def urls(site):
    """The routes to include just before ``site.urls``, under the same path."""
    return [
        path("sign-in-pauses/", site.admin_view(pauses_view(site)), name="sign_in_pauses"),
        *password_reset_urls(site),
    ]


def pauses_view(site):
    @require_http_methods(["GET", "POST"])
    def pauses(request):
        if not is_publisher(request.user):
            raise PermissionDenied
        if request.method == "POST":
            return lift(request)
        context = {
            **site.each_context(request),
            "title": gettext("Sign-in pauses"),
            "lockouts": current_lockouts(),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        }
        return TemplateResponse(request, "admin/publishing/sign_in_pauses.html", context)

    return pauses


def lift(request):
    username = request.POST.get("username", "")
    ip_address = request.POST.get("ip_address", "")
    if not ip_address:
        raise PermissionDenied
    unlock(request.user, username, ip_address)
    who = username or gettext("every account")
    messages.success(
        request,
        gettext("Sign-in is open again for %(who)s from %(address)s.")
        % {"who": who, "address": ip_address},
    )
    return redirect("sign_in_pauses")


def password_reset_urls(site):
    # Django's admin templates for these pages (registration/password_reset_*.html)
    # already look like the admin; they need only the admin's header context.
    context = {"site_header": site.site_header, "site_title": site.site_title}
    reset = auth_views.PasswordResetView.as_view(
        form_class=StaffPasswordResetForm,
        success_url=reverse_lazy("password_reset_done"),
        extra_context=context,
    )
    return [
        path("password-reset/", reset, name="admin_password_reset"),
        path(
            "password-reset/sent/",
            auth_views.PasswordResetDoneView.as_view(extra_context=context),
            name="password_reset_done",
        ),
        path(
            "password-reset/<uidb64>/<token>/",
            auth_views.PasswordResetConfirmView.as_view(extra_context=context),
            name="password_reset_confirm",
        ),
        path(
            "password-reset/done/",
            auth_views.PasswordResetCompleteView.as_view(extra_context=context),
            name="password_reset_complete",
        ),
    ]
