from django.http import HttpResponse
from django.views.generic import DetailView, ListView

from pdxsafety.views import ForgivingPaginationMixin, PublicDetailMixin

from .calendar import event_calendar
from .models import Event, Program, program_detail_prefetches, program_timeline


class ProgramListView(ForgivingPaginationMixin, ListView):
    template_name = "programs/program_list.html"
    context_object_name = "programs"

    def get_queryset(self):
        return Program.objects.published()


class ProgramDetailView(PublicDetailMixin, DetailView):
    template_name = "programs/program_detail.html"
    context_object_name = "program"

    def get_queryset(self):
        return (
            Program.objects.visible_to(self.request.user)
            .select_related("lead_agency")
            .prefetch_related(*program_detail_prefetches())
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(timeline=program_timeline(self.object), **kwargs)


class EventDetailView(PublicDetailMixin, DetailView):
    template_name = "programs/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).select_related("program", "host")


class EventCalendarView(EventDetailView):
    def render_to_response(self, context):
        event = context["event"]
        response = HttpResponse(
            event_calendar([event], self.request).to_ical(),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
        return response
