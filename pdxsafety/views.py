from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from grants.models import Budget, GrantRound
from partners.models import Resource
from programs.models import Event, Milestone, Program


class ForgivingPaginationMixin:
    """A page number that is not a number, or past the end, shows a real page, not an error."""

    paginate_by = 24

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class HomeView(TemplateView):
    template_name = "pdxsafety/home.html"

    def get_context_data(self, **kwargs):
        published_programs = Program.objects.published()
        return super().get_context_data(
            programs=published_programs[:6],
            milestones=Milestone.objects.filter(program__in=published_programs.values("pk"))
            .exclude(date=None)
            .select_related("program")
            .order_by("-date", "-pk")[:4],
            events=Event.objects.published().with_program().order_by("-start_date")[:3],
            budgets=Budget.objects.published().with_totals(),
            resources=Resource.objects.published()[:6],
            latest_round=GrantRound.objects.published()
            .with_grantee_count()
            .select_related("awarded_by")
            .first(),
            **kwargs,
        )


@require_safe
@never_cache
def healthz(request):
    """Tells the operator whether the app can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
