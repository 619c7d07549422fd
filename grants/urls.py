from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("grants/", views.GrantRoundListView.as_view(), name="list"),
    path("grants.json", views.GrantRoundListView.as_view(format="json"), name="list-json"),
    path("grantees.json", views.GranteeListView.as_view(), name="grantees-json"),
    path("grantees/<slug:slug>/", views.GranteeDetailView.as_view(), name="grantee"),
    path(
        "grantees/<slug:slug>.json",
        views.GranteeDetailView.as_view(format="json"),
        name="grantee-json",
    ),
]
