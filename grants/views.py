import csv

from django.db.models import Prefetch
from django.http import HttpResponse
from django.views.generic import DetailView, ListView, TemplateView

from pdxsafety.views import (
    ForgivingPaginationMixin,
    PublicDetailMixin,
    StaffPreviewListMixin,
    any_draft,
)

from .models import Award, BudgetSummary, Grantee, GrantRound


class GrantRoundListView(StaffPreviewListMixin, ForgivingPaginationMixin, ListView):
    template_name = "grants/grant_list.html"
    context_object_name = "rounds"
    paginate_by = 10

    def get_queryset(self):
        user = self.request.user
        awards = Award.objects.filter(
            grantee__in=Grantee.objects.visible_to(user).values("pk")
        ).select_related("grantee")
        return (
            GrantRound.objects.visible_to(user)
            .select_related("awarded_by")
            .prefetch_related(Prefetch("awards", queryset=awards))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rounds = context["rounds"]
        grantees = [award.grantee for grant_round in rounds for award in grant_round.awards.all()]
        context["preview"] = any_draft(rounds) or any_draft(grantees)
        return context


class GranteeDetailView(PublicDetailMixin, DetailView):
    template_name = "grants/grantee_detail.html"
    context_object_name = "grantee"

    def get_queryset(self):
        awards = Award.objects.filter(
            grant_round__in=GrantRound.objects.published().values("pk")
        ).select_related("grant_round__awarded_by")
        return Grantee.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("awards", queryset=awards)
        )


class BudgetView(StaffPreviewListMixin, TemplateView):
    template_name = "grants/budget.html"

    def get_context_data(self, **kwargs):
        summary = BudgetSummary.load(self.request.user)
        return super().get_context_data(summary=summary, preview=summary.has_drafts, **kwargs)


CSV_COLUMNS = [
    "budget",
    "fiscal_year",
    "priority",
    "item",
    "amount_usd",
    "amount_published",
    "one_time",
    "programs",
]


def budget_csv(request):
    """The budget page's table as CSV; an unpublished amount is an empty cell, never 0."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pdx-community-safety-budget.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for section in BudgetSummary.load().sections:
        budget = section["budget"]
        for item in section["items"]:
            writer.writerow(
                [
                    budget.title,
                    budget.fiscal_year,
                    item.get_priority_display(),
                    item.title,
                    "" if item.amount is None else f"{item.amount:.2f}",
                    "no" if item.amount is None else "yes",
                    "yes" if item.is_one_time else "no",
                    "; ".join(program.title for program in item.programs.all()),
                ]
            )
    return response
