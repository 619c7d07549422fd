from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from portal import views
from portal.feeds import UpdatesFeed
from portal.sitemaps import sitemap_xml
from publishing import second_factor_views, signin_views
from publishing.signin import SignInForm

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("index.json", views.HomeView.as_view(format="json"), name="home-json"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("search.json", views.SearchView.as_view(format="json"), name="search-json"),
    path("data/", views.DataView.as_view(), name="data"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("data.json", views.DataView.as_view(format="json"), name="data-json"),
    path("updates.atom", require_safe(UpdatesFeed()), name="updates-feed"),
    path("sitemap.xml", require_safe(sitemap_xml), name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("programs.urls")),
    path("", include("grants.urls")),
    path("", include("budget.urls")),
    path("", include("partners.urls")),
    path("", include("glossary.urls")),
    path("", include("feedback.urls")),
    path(settings.ADMIN_URL, include(signin_views.urls(admin.site))),
    path(settings.ADMIN_URL, include(second_factor_views.urls(admin.site))),
    path(settings.ADMIN_URL, admin.site.urls),
]

if settings.DEBUG:
    # The error pages, viewable while developing.
    urlpatterns += [
        path("404/", TemplateView.as_view(template_name="404.html")),
        path("500/", TemplateView.as_view(template_name="500.html")),
        path("503/", TemplateView.as_view(template_name="503.html")),
    ]

# A database failure raised outside a view (in middleware) answers 503 too.
handler500 = "portal.faults.server_error"

admin.site.site_header = _("PDX Community Safety — staff")
admin.site.site_title = _("PDX Community Safety staff")
admin.site.index_title = _("Site content")
admin.site.login_form = SignInForm
