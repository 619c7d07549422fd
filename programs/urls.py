from django.urls import path
from django.views.decorators.http import require_safe

from . import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.ProgramListView.as_view(), name="list"),
    path("programs.json", views.ProgramListView.as_view(format="json"), name="list-json"),
    path("programs/<slug:slug>/", views.ProgramDetailView.as_view(), name="detail"),
    path(
        "programs/<slug:slug>.json",
        views.ProgramDetailView.as_view(format="json"),
        name="detail-json",
    ),
    path("events.ics", require_safe(views.all_events_calendar), name="events-ics"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event"),
    path(
        "events/<slug:slug>.json", views.EventDetailView.as_view(format="json"), name="event-json"
    ),
    path("events/<slug:slug>.ics", views.EventCalendarView.as_view(), name="event-ics"),
]
