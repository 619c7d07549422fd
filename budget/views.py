from django.urls import reverse
from django.utils.translation import gettext
from django.views.generic import TemplateView

from publishing.csv_export import csv_response
from publishing.data import DataTwinMixin, absolute
from publishing.linked_data import StructuredDataMixin, graph
from publishing.models import content_checked_on
from publishing.views import StaffPreviewListMixin

from .data import budget_json
from .models import Budget, BudgetItem, BudgetSummary


class BudgetView(StaffPreviewListMixin, DataTwinMixin, StructuredDataMixin, TemplateView):
    template_name = "budget/budget.html"
    draft_change_models = (Budget, BudgetItem)

    def get_context_data(self, **kwargs):
        summary = BudgetSummary.load(self.request.user)
        self.with_draft_change([*summary.budgets, *summary.items])
        checked_on = content_checked_on([*summary.budgets, *summary.items])
        return super().get_context_data(
            summary=summary,
            preview=summary.has_drafts,
            content_checked_on=checked_on,
            **kwargs,
        )

    def get_data_url(self):
        return reverse("budget:json")

    def get_data(self, context):
        return budget_json(self.request, context["summary"])

    def get_structured_data(self, context):
        url = absolute(self.request, reverse("budget:page"))
        return graph(
            {
                "@type": "Dataset",
                "name": gettext("City of Portland community safety budget"),
                "description": gettext(
                    "Community safety budget items by fiscal year and priority."
                ),
                "url": url,
                "creator": {"@type": "GovernmentOrganization", "name": gettext("City of Portland")},
                "isAccessibleForFree": True,
                "distribution": [
                    {
                        "@type": "DataDownload",
                        "encodingFormat": media_type,
                        "contentUrl": absolute(self.request, reverse(name)),
                    }
                    for name, media_type in [
                        ("budget:csv", "text/csv"),
                        ("budget:json", "application/json"),
                    ]
                ],
            }
        )


CSV_COLUMNS = [
    "budget",
    "fiscal_year",
    "priority",
    "item",
    "amount_usd",
    "amount_published",
    "one_time",
    "programs",
    "kind",
]

BUDGET_ITEM = "budget item"
PROGRAM_FUNDING = "program funding"


def budget_csv(request):
    """The budget page's tables as CSV; an amount not given is an empty cell, never 0."""
    return csv_response("pdx-community-safety-budget.csv", CSV_COLUMNS, budget_rows())


def budget_rows():
    summary = BudgetSummary.load()
    for section in summary.sections:
        budget = section.budget
        for item in section.items:
            yield [
                budget.title,
                budget.fiscal_year,
                item.get_priority_display(),
                item.title,
                "" if item.amount is None else f"{item.amount:.2f}",
                "no" if item.amount is None else "yes",
                "yes" if item.is_one_time else "no",
                "; ".join(program.title for program in item.programs.all()),
                BUDGET_ITEM,
            ]
    for funding in summary.program_funding:
        for component in funding.items:
            # No budget, fiscal year or one-time flag is stated for these: empty, not guessed.
            yield [
                "",
                "",
                "",
                component.title,
                f"{component.amount:.2f}",
                "yes",
                "",
                funding.program.title,
                PROGRAM_FUNDING,
            ]
