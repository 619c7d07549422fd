from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.PartnerListView.as_view(), name="list"),
    path("partners.json", views.PartnerListView.as_view(format="json"), name="list-json"),
]
