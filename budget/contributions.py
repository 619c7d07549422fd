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
    ("amount_usd", "Sum of the amounts given, in US dollars; null when no amount is given."),
    ("items_with_amount", "How many items have an amount."),
    ("items_without_amount", "How many items have no amount given (not counted as $0)."),
)

DATES = (
    ("start", "July 1 of the first year, such as 2022-07-01."),
    ("end", "June 30 of the next year, such as 2023-06-30."),
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
            ("budgets[].fiscal_year", "Such as FY22-23 (July 1, 2022 to June 30, 2023), or null."),
            ("budgets[].fiscal_year_dates", "The fiscal year's first and last day, or null."),
            *under("budgets[].fiscal_year_dates.", DATES),
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
            (
                "program_funding",
                "Amounts the City gave for parts of a program, not listed in a budget.",
            ),
            ("program_funding[].program", "The program."),
            ("program_funding[].program.title", "The program's name."),
            ("program_funding[].program.url", "The program's page."),
            ("program_funding[].fiscal_year", "Always null: no fiscal year is given for these."),
            ("program_funding[].total", "The program's total."),
            *under("program_funding[].total.", TOTAL),
            ("program_funding[].items", "The parts with an amount."),
            ("program_funding[].items[].title", "The part's name."),
            ("program_funding[].items[].amount_usd", "The amount in US dollars."),
            ("program_funding[].items[].description_html", "What the part is."),
            ("totals_by_fiscal_year", "Totals across budgets of the same fiscal year."),
            ("totals_by_fiscal_year[].fiscal_year", "The fiscal year, or null."),
            ("totals_by_fiscal_year[].fiscal_year_dates", "Its first and last day, or null."),
            *under("totals_by_fiscal_year[].fiscal_year_dates.", DATES),
            ("totals_by_fiscal_year[].total", "The year's total."),
            *under("totals_by_fiscal_year[].total.", TOTAL),
            ("total", "Every amount on the page added up: budgets and program funding."),
            *under("total.", TOTAL),
        ),
    ),
    Export(
        "budget-csv",
        "Budget table (CSV)",
        "The budget page's tables, one row per item. An amount not given is an empty cell.",
        ("/budget.csv",),
        (
            ("budget", "The budget's name; empty for program funding."),
            ("fiscal_year", "Such as FY22-23 (July 1, 2022 to June 30, 2023); may be empty."),
            ("priority", "Refocus, Reform or Restaff; may be empty."),
            ("item", "What the money is for."),
            ("amount_usd", "The amount in US dollars; empty when not given."),
            ("amount_published", "yes when an amount is given, no when not."),
            ("one_time", "yes for money approved once; empty when not stated."),
            ("programs", "Programs it funds, separated by semicolons."),
            ("kind", "budget item, or program funding (an amount given for part of a program)."),
        ),
    ),
)
