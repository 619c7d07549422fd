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
        _("Budget item"),
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

app.export_link("budget", "budget:json", _("The budget, JSON."))
app.export_link("budget_csv", "budget:csv", _("The budget table, CSV."))

TOTAL = (
    ("amount_usd", _("Sum of the amounts given, in US dollars; null when no amount is given.")),
    ("items_with_amount", _("How many items have an amount.")),
    ("items_without_amount", _("How many items have no amount given (not counted as $0).")),
)

DATES = (
    ("start", _("July 1 of the first year, such as 2022-07-01.")),
    ("end", _("June 30 of the next year, such as 2023-06-30.")),
)

app.export(
    Export(
        "budget",
        _("Budget"),
        _("The budget page's figures. Totals are the same numbers as on the budget page."),
        ("/budget.json",),
        (
            ("budgets", _("Each budget decision, such as an adopted budget.")),
            ("budgets[].slug", _("The budget's anchor on the budget page.")),
            ("budgets[].title", _("Its name.")),
            ("budgets[].short_name", _("Its short name; may be empty.")),
            (
                "budgets[].fiscal_year",
                _("Such as FY22-23 (July 1, 2022 to June 30, 2023), or null."),
            ),
            ("budgets[].fiscal_year_dates", _("The fiscal year's first and last day, or null.")),
            *under("budgets[].fiscal_year_dates.", DATES),
            ("budgets[].intro_html", _("About this budget.")),
            ("budgets[].total", _("Its total.")),
            *under("budgets[].total.", TOTAL),
            ("budgets[].priorities", _("Its items grouped by priority.")),
            ("budgets[].priorities[].priority", _("refocus, reform, restaff, or null.")),
            ("budgets[].priorities[].label", _("The priority's name as the page shows it.")),
            ("budgets[].priorities[].total", _("The group's total.")),
            *under("budgets[].priorities[].total.", TOTAL),
            ("budgets[].items", _("Its items.")),
            ("budgets[].items[].slug", _("The item's anchor on the budget page.")),
            ("budgets[].items[].title", _("What the money is for.")),
            ("budgets[].items[].priority", _("refocus, reform, restaff, or null.")),
            ("budgets[].items[].amount_usd", _("The amount in US dollars, or null.")),
            ("budgets[].items[].one_time", _("true for money approved once, not ongoing.")),
            ("budgets[].items[].description_html", _("What the item means.")),
            ("budgets[].items[].url", _("The item on the budget page.")),
            ("budgets[].items[].programs", _("Programs it funds.")),
            ("budgets[].items[].programs[].title", _("The program's name.")),
            ("budgets[].items[].programs[].url", _("The program's page.")),
            (
                "program_funding",
                _("Amounts the City gave for parts of a program, not listed in a budget."),
            ),
            ("program_funding[].program", _("The program.")),
            ("program_funding[].program.title", _("The program's name.")),
            ("program_funding[].program.url", _("The program's page.")),
            ("program_funding[].fiscal_year", _("Always null: no fiscal year is given for these.")),
            ("program_funding[].total", _("The program's total.")),
            *under("program_funding[].total.", TOTAL),
            ("program_funding[].items", _("The parts with an amount.")),
            ("program_funding[].items[].title", _("The part's name.")),
            ("program_funding[].items[].amount_usd", _("The amount in US dollars.")),
            ("program_funding[].items[].description_html", _("What the part is.")),
            ("totals_by_fiscal_year", _("Totals across budgets of the same fiscal year.")),
            ("totals_by_fiscal_year[].fiscal_year", _("The fiscal year, or null.")),
            ("totals_by_fiscal_year[].fiscal_year_dates", _("Its first and last day, or null.")),
            *under("totals_by_fiscal_year[].fiscal_year_dates.", DATES),
            ("totals_by_fiscal_year[].total", _("The year's total.")),
            *under("totals_by_fiscal_year[].total.", TOTAL),
            ("total", _("Every amount on the page added up: budgets and program funding.")),
            *under("total.", TOTAL),
        ),
    ),
    Export(
        "budget-csv",
        _("Budget table (CSV)"),
        _("The budget page's tables, one row per item. An amount not given is an empty cell."),
        ("/budget.csv",),
        (
            ("budget", _("The budget's name; empty for program funding.")),
            ("fiscal_year", _("Such as FY22-23 (July 1, 2022 to June 30, 2023); may be empty.")),
            ("priority", _("Refocus, Reform or Restaff; may be empty.")),
            ("item", _("What the money is for.")),
            ("amount_usd", _("The amount in US dollars; empty when not given.")),
            ("amount_published", _("yes when an amount is given, no when not.")),
            ("one_time", _("yes for money approved once; empty when not stated.")),
            ("programs", _("Programs it funds, separated by semicolons.")),
            ("kind", _("budget item, or program funding (an amount given for part of a program).")),
        ),
    ),
)
