"""Residents' feedback: a form on every page that sets no cookie and stays cacheable.

The form on each page only asks "Was this page helpful?" and sends the answer here
with a GET, so every page stays the same for everyone and the page cache keeps it.
This page, never cached, shows the full form with a fresh signed token; only its
POST stores anything. No CSRF cookie: the token, the origin check and the rate limit
protect the form instead, and it changes nothing but adding a row.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import ratelimit
from .forms import FeedbackForm, is_site_path, issue_token
from .models import Feedback

CROSS_SITE = _("Feedback can only be sent from this site's own pages.")
ALREADY_SENT = _("This form was already sent. Thank you: we have your answer.")


def is_cross_site(request):
    """Browsers say where a form came from; a post from another site is refused."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return False
    return origin != f"{request.scheme}://{request.get_host()}"


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class FeedbackView(View):
    template_name = "feedback/form.html"

    def get(self, request):
        page = request.GET.get("page", "")
        if not is_site_path(page):
            return self.refuse(request, FeedbackForm(), _("We could not tell which page you mean."))
        helpful = request.GET.get("helpful")
        form = FeedbackForm(
            initial={
                "page": page,
                "helpful": helpful if helpful in ("yes", "no") else None,
                "token": issue_token(page),
            }
        )
        return render(request, self.template_name, {"form": form, "page": page})

    def post(self, request):
        form = FeedbackForm(request.POST)
        if not ratelimit.allow(request):
            message = _("You have sent a lot of feedback in a short time. Please try again later.")
            return self.refuse(request, form.fresh(), message, status=429)
        if is_cross_site(request):
            return self.refuse(request, form.fresh(), CROSS_SITE, status=403)
        if not form.is_valid():
            return self.refuse(request, form.fresh())
        data = form.cleaned_data
        if not ratelimit.first_use(data["token"]):
            return self.refuse(request, form.fresh(), ALREADY_SENT, status=400)
        Feedback.objects.create(
            page=data["page"], helpful=data["helpful"], comment=data["comment"].strip()
        )
        thanks = reverse("feedback:thanks") + "?" + urlencode({"page": data["page"]})
        return redirect_see_other(thanks)

    def refuse(self, request, form, message=None, status=400):
        page = form.data.get("page") if form.is_bound else None
        context = {"form": form, "message": message, "page": page if is_site_path(page) else None}
        return render(request, self.template_name, context, status=status)


def redirect_see_other(url):
    # 303: the browser fetches the thank-you page with a GET, so a reload never resends.
    response = redirect(url)
    response.status_code = 303
    return response


@method_decorator(never_cache, name="dispatch")
class ThanksView(View):
    def get(self, request):
        page = request.GET.get("page", "")
        return render(
            request, "feedback/thanks.html", {"page": page if is_site_path(page) else None}
        )
