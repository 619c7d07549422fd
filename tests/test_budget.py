"""Budget totals are exact Decimals, the CSV agrees with the page, and unknown is not $0."""

import csv
import io
from decimal import Decimal

import pytest

from budget.models import Budget, BudgetSummary

from .conftest import make_budget, make_budget_item, page_text


@pytest.fixture
def budgets(db):
    first = make_budget(title="First budget", fiscal_year="FY30-31", short_name="FY30-31")
    make_budget_item(first, priority="refocus", amount="0.10", title="Dimes")
    make_budget_item(first, priority="refocus", amount="0.20", title="More dimes")
    make_budget_item(first, priority="reform", amount="1000000.00", title="Big reform")
    make_budget_item(first, priority="reform", amount=None, title="Unknown reform")
    second = make_budget(title="Second budget", fiscal_year="FY31-32")
    make_budget_item(second, priority="restaff", amount="2.50", title="Restaffing")
    make_budget_item(second, priority="", amount="7.25", title="No priority")
    return first, second


def test_totals_per_priority_are_exact_decimals(budgets):
    totals = BudgetSummary.load().totals_by_priority()
    assert totals["refocus"].amount == Decimal("0.30")  # 0.1 + 0.2 in floats is not 0.3
    assert isinstance(totals["refocus"].amount, Decimal)
    assert totals["reform"].amount == Decimal("1000000.00")
    assert totals["reform"].unknown == 1
    assert totals["restaff"].amount == Decimal("2.50")
    assert totals[""].amount == Decimal("7.25")


def test_totals_per_fiscal_year(budgets):
    totals = BudgetSummary.load().totals_by_fiscal_year()
    assert totals["FY30-31"].amount == Decimal("1000000.30")
    assert totals["FY30-31"].known == 3
    assert totals["FY30-31"].unknown == 1
    assert totals["FY31-32"].amount == Decimal("9.75")


def test_budget_page_shows_totals_and_marks_unknown_amounts(client, budgets):
    page = page_text(client.get("/budget/"))
    assert "Refocus total $0.30" in page
    assert "Reform total $1,000,000 plus 1 amount not published" in page
    assert "First budget total $1,000,000.30 plus 1 amount not published" in page
    assert "Unknown reform amount not published" in page
    assert "Unknown reform $0" not in page


def test_csv_carries_the_same_numbers_as_the_page(client, budgets):
    response = client.get("/budget.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 6
    by_title = {row["item"]: row for row in rows}
    assert by_title["Dimes"]["amount_usd"] == "0.10"
    assert by_title["Unknown reform"]["amount_usd"] == ""
    assert by_title["Unknown reform"]["amount_published"] == "no"
    csv_total = sum(Decimal(row["amount_usd"]) for row in rows if row["amount_usd"])
    page_total = sum(t.amount for t in BudgetSummary.load().totals_by_fiscal_year().values())
    assert csv_total == page_total == Decimal("1000010.05")


def test_chart_draws_a_bar_per_known_priority_with_a_text_alternative(client, budgets):
    html = client.get("/budget/").content.decode()
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in chart
    assert "<title" in chart and "<desc" in chart
    assert chart.count("<rect") == 4  # refocus, reform, restaff, no priority
    assert "First budget: Reform: $1,000,000" in chart
    assert "Second budget: $7.25" in chart  # no priority: the budget alone


def test_seed_budget_totals(client, seeded):
    summary = BudgetSummary.load()
    spring = next(
        s for s in summary.sections if s.budget.slug == "spring-budget-monitoring-process"
    )
    assert spring.total.amount == Decimal("1400000.00")
    fy = next(s for s in summary.sections if s.budget.slug == "fy22-23-budget")
    assert fy.total.known == 0 and fy.total.unknown == 9
    # No FY22-23 amount is published: the page must not claim a $0 total.
    section = page_text(client.get("/budget/")).split("FY22-23 Budget total")[1][:40]
    assert section.strip().startswith("amount not published")


def test_fiscal_year_format_is_validated(db):
    from django.core.exceptions import ValidationError

    budget = Budget(title="Bad", slug="bad", fiscal_year="2022")
    with pytest.raises(ValidationError):
        budget.full_clean()


def test_home_totals_from_the_database_match_the_budget_page(client, budgets):
    make_budget_item(budgets[0], status="draft", amount="500", title="Draft item")
    summary = {s.budget.pk: s.total for s in BudgetSummary.load().sections}
    for budget in Budget.objects.published().with_totals():
        assert budget.total_amount == summary[budget.pk].amount
        assert budget.unknown_count == summary[budget.pk].unknown
    page = page_text(client.get("/"))
    assert "First budget : 4 items, $1 million published; 1 amount not yet published." in page


def test_an_item_names_the_programs_it_funds(client, seeded):
    page = page_text(client.get("/budget/"))
    assert (
        "Fully fund Portland Street Response’s 24/7 citywide expansion "
        "Funds Portland Street Response" in page
    )


def test_chart_caption_names_budgets_with_no_published_amount(client, seeded):
    html = client.get("/budget/").content.decode()
    caption = html[html.index("<figcaption>") : html.index("</figcaption>")]
    assert "no FY22-23 Budget amount is published yet" in caption
