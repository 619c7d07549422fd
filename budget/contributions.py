"""What budget items add to site search and /data/."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from publishing.data import under
from publishing.registry import Export, Source, content_app, section

from .models import BudgetItem

app = content_app("budget")

app.search(
    Source(
        "budget_item",
        "Budget item",
        BudgetItem,
        "title",
        (("title", "A"), ("description", "C")),
        F("description_html"),
        keywords=_("budget, budget item, spending"),
    ),
)

app.list_page("budget:page")

section(
    "budget:page",
    _("Budget"),
    _("How much the City budgets for community safety, item by item, with totals."),
    _("budget, spending, cost, money, how much, amount, funding"),
)

app.export_link("budget", "budget:json", "The budget, JSON.")
app.export_link("budget_csv", "budget:csv", "The budget table, CSV.")

TOTAL = (
    ("amount_usd", "Sum of the published amounts, in US dollars."),
    ("items_with_amount", "How many items have a published amount."),
    ("items_without_amount", "How many items have no published amount (not counted as $0)."),
)

app.export(
    Export(
        "budget",
        "Budget",
        "The budget page's figures. Totals are the same numbers as on the budget page.",
        ("/budget.json",),
        (
            ("budgets", "Each budget decision, such as an adopted budget."),
            ("budgets[].slug", "The budget's anchor on the budget page."),
            ("budgets[].title", "Its name."),
            ("budgets[].short_name", "Its short name; may be empty."),
            ("budgets[].fiscal_year", "Such as FY22-23 (July 2022 to June 2023), or null."),
            ("budgets[].intro_html", "About this budget."),
            ("budgets[].total", "Its total."),
            *under("budgets[].total.", TOTAL),
            ("budgets[].priorities", "Its items grouped by priority."),
            ("budgets[].priorities[].priority", "refocus, reform, restaff, or null."),
            ("budgets[].priorities[].label", "The priority's name as the page shows it."),
            ("budgets[].priorities[].total", "The group's total."),
            *under("budgets[].priorities[].total.", TOTAL),
            ("budgets[].items", "Its items."),
            ("budgets[].items[].slug", "The item's anchor on the budget page."),
            ("budgets[].items[].title", "What the money is for."),
            ("budgets[].items[].priority", "refocus, reform, restaff, or null."),
            ("budgets[].items[].amount_usd", "The amount in US dollars, or null."),
            ("budgets[].items[].one_time", "true for money approved once, not ongoing."),
            ("budgets[].items[].description_html", "What the item means."),
            ("budgets[].items[].url", "The item on the budget page."),
            ("budgets[].items[].programs", "Programs it funds."),
            ("budgets[].items[].programs[].title", "The program's name."),
            ("budgets[].items[].programs[].url", "The program's page."),
            ("totals_by_fiscal_year", "Totals across budgets of the same fiscal year."),
            ("totals_by_fiscal_year[].fiscal_year", "The fiscal year, or null."),
            ("totals_by_fiscal_year[].total", "The year's total."),
            *under("totals_by_fiscal_year[].total.", TOTAL),
        ),
    ),
    Export(
        "budget-csv",
        "Budget table (CSV)",
        "The budget page's table, one row per item. An unpublished amount is an empty cell.",
        ("/budget.csv",),
        (
            ("budget", "The budget's name."),
            ("fiscal_year", "Such as FY22-23; may be empty."),
            ("priority", "Refocus, Reform or Restaff; may be empty."),
            ("item", "What the money is for."),
            ("amount_usd", "The amount in US dollars; empty when not published."),
            ("amount_published", "yes or no."),
            ("one_time", "yes for money approved once."),
            ("programs", "Programs it funds, separated by semicolons."),
        ),
    ),
)
