"""The budget as a JSON twin."""

from publishing.data import absolute, iso, money

from .models import fiscal_year_dates


def totals_json(totals):
    return {
        # null, never "0.00", when no amount is known.
        "amount_usd": money(totals.known_amount),
        "items_with_amount": totals.known,
        "items_without_amount": totals.unknown,
    }


def budget_json(request, summary):
    """The budget page's figures, read from the same ``BudgetSummary`` as the page and CSV."""
    return {
        "budgets": [
            {
                "slug": section.budget.slug,
                "title": section.budget.title,
                "short_name": section.budget.short_name,
                "fiscal_year": section.budget.fiscal_year or None,
                "fiscal_year_dates": dates_json(section.budget.fiscal_year_dates),
                "intro_html": section.budget.intro_html,
                "total": totals_json(section.total),
                "priorities": [
                    {
                        "priority": group.key or None,
                        "label": group.label,
                        "total": totals_json(group.total),
                    }
                    for group in section.priorities
                ],
                "items": [budget_item_json(request, item) for item in section.items],
            }
            for section in summary.sections
        ],
        "program_funding": [
            {
                "program": {
                    "title": funding.program.title,
                    "url": absolute(request, funding.program.get_absolute_url()),
                },
                "fiscal_year": None,
                "total": totals_json(funding.total),
                "items": [
                    {
                        "title": component.title,
                        "amount_usd": money(component.amount),
                        "description_html": component.description_html,
                    }
                    for component in funding.items
                ],
            }
            for funding in summary.program_funding
        ],
        "totals_by_fiscal_year": [
            {
                "fiscal_year": year or None,
                "fiscal_year_dates": dates_json(fiscal_year_dates(year)),
                "total": totals_json(totals),
            }
            for year, totals in summary.totals_by_fiscal_year().items()
        ],
        "total": totals_json(summary.grand_total),
    }


def dates_json(dates):
    return None if dates is None else {"start": iso(dates[0]), "end": iso(dates[1])}


def budget_item_json(request, item):
    return {
        "slug": item.slug,
        "title": item.title,
        "priority": item.priority or None,
        "amount_usd": money(item.amount),
        "one_time": item.is_one_time,
        "description_html": item.description_html,
        "url": absolute(request, item.get_absolute_url()),
        "programs": [
            {"title": program.title, "url": absolute(request, program.get_absolute_url())}
            for program in item.programs.all()
        ],
    }
