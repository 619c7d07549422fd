from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("programs.urls")),
    path("", include("grants.urls")),
    path("", include("partners.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

if settings.DEBUG:
    # The error pages, viewable while developing.
    urlpatterns += [
        path("404/", TemplateView.as_view(template_name="404.html")),
        path("500/", TemplateView.as_view(template_name="500.html")),
    ]

admin.site.site_header = "PDX Community Safety — staff"
admin.site.site_title = "PDX Community Safety staff"
admin.site.index_title = "Site content"
