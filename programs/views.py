from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import DetailView, ListView

from publishing.data import DataTwinMixin, absolute
from publishing.linked_data import StructuredDataMixin, graph, item_list
from publishing.models import content_checked_on
from publishing.views import ForgivingPaginationMixin, PublicDetailMixin

from .calendar import event_calendar
from .data import event_json, event_ld, program_json, program_ld, program_ref
from .models import Event, Program, program_detail_prefetches, program_timeline


class ProgramListView(DataTwinMixin, StructuredDataMixin, ForgivingPaginationMixin, ListView):
    template_name = "programs/program_list.html"
    context_object_name = "programs"

    def get_queryset(self):
        return Program.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["content_checked_on"] = content_checked_on(context["programs"])
        return context

    def get_data_url(self):
        return reverse("programs:list-json")

    def get_data(self, context):
        programs = context["programs"]
        return {
            "count": len(programs),
            "programs": [program_ref(self.request, program) for program in programs],
        }

    def get_structured_data(self, context):
        services = [
            {
                "@type": "GovernmentService",
                "name": program.title,
                "url": absolute(self.request, program.get_absolute_url()),
            }
            for program in context["programs"]
        ]
        return graph(item_list(services))


class ProgramDetailView(PublicDetailMixin, DataTwinMixin, StructuredDataMixin, DetailView):
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

    def get_data_url(self):
        return self.object.get_data_url()

    def get_data(self, context):
        return program_json(self.request, self.object)

    def get_structured_data(self, context):
        return graph(program_ld(self.request, self.object))


class EventDetailView(PublicDetailMixin, DataTwinMixin, StructuredDataMixin, DetailView):
    template_name = "programs/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).select_related("program", "host")

    def get_data_url(self):
        return self.object.get_data_url()

    def get_data(self, context):
        return event_json(self.request, self.object)

    def get_structured_data(self, context):
        return graph(event_ld(self.request, self.object))


def calendar_response(events, request, filename, name=None):
    response = HttpResponse(
        event_calendar(events, request, name).to_ical(),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class EventCalendarView(EventDetailView):
    def render_to_response(self, context):
        event = context["event"]
        return calendar_response([event], self.request, f"{event.slug}.ics")


def all_events_calendar(request):
    """Every published event, for calendar apps to subscribe to (shown inline, not saved)."""
    events = Event.objects.published().order_by("start_date", "start_time", "pk")
    response = calendar_response(
        events, request, "pdx-community-safety-events.ics", f"{settings.SITE_NAME} events"
    )
    response["Content-Disposition"] = 'inline; filename="pdx-community-safety-events.ics"'
    return response
