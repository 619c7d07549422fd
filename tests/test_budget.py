"""Budget totals are exact Decimals, the CSV agrees with the page, and unknown is not $0."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal

import pytest

from budget.models import Budget, BudgetSummary, fiscal_year_dates

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
    assert "Reform total $1,000,000 plus 1 item with no amount given" in page
    assert "First budget total $1,000,000.30 plus 1 item with no amount given" in page
    assert "Unknown reform amount not given" in page
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
    assert section.strip().startswith("amount not given")


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
    assert "First budget : 4 items, $1 million in all; 1 amount not given." in page


def test_an_item_names_the_programs_it_funds(client, seeded):
    page = page_text(client.get("/budget/"))
    assert (
        "Fully fund Portland Street Response’s 24/7 citywide expansion "
        "Funds Portland Street Response" in page
    )


def test_chart_caption_names_budgets_with_no_published_amount(client, seeded):
    html = client.get("/budget/").content.decode()
    caption = html[html.index("<figcaption>") : html.index("</figcaption>")]
    assert "no FY22-23 Budget amount is given yet" in caption


# --- "How much?": every amount the site states, and nothing unknown counted as $0 ---------


def test_the_budget_page_counts_the_safer_summer_investment(client, seeded):
    summary = BudgetSummary.load()
    [funding] = summary.program_funding
    assert funding.program.slug == "safer-summer-pdx"
    assert [(c.title, c.amount) for c in funding.items] == [
        ("Focused Investment", Decimal("2400000.00"))
    ]
    # $2.4 million for Safer Summer plus the Spring BMP's $1.4 million, as exact Decimals.
    assert summary.grand_total.amount == Decimal("3800000.00")
    assert isinstance(summary.grand_total.amount, Decimal)
    assert summary.grand_total.unknown == 9
    page = page_text(client.get("/budget/"))
    assert "The amounts on this page add up to $3,800,000 ($3.8 million)." in page
    assert "Safer Summer PDX : $2,400,000" in page  # a link, then its total
    assert "Focused Investment $2,400,000" in page
    assert "9 items have no amount given. They are not counted in this total." in page
    # What the seed says about it, and no fiscal year of its own.
    assert "$2.4 million invested by the City to combat gun violence" in page
    assert "No fiscal year is given for them." in page


def test_the_chart_draws_the_safer_summer_investment(client, seeded):
    html = client.get("/budget/").content.decode()
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert "Safer Summer PDX: Focused Investment: $2,400,000" in chart
    assert "$2.4 million" in chart and "$1.4 million" in chart


def test_the_csv_and_json_carry_the_program_funding_without_a_fiscal_year(client, seeded):
    rows = list(csv.DictReader(io.StringIO(client.get("/budget.csv").content.decode())))
    [row] = [row for row in rows if row["kind"] == "program funding"]
    assert row["item"] == "Focused Investment"
    assert row["amount_usd"] == "2400000.00"
    assert row["programs"] == "Safer Summer PDX"
    assert row["fiscal_year"] == row["budget"] == row["one_time"] == ""
    data = json.loads(client.get("/budget.json").content)
    [funding] = data["program_funding"]
    assert funding["fiscal_year"] is None
    assert funding["items"][0]["amount_usd"] == "2400000.00"
    assert data["total"] == {
        "amount_usd": "3800000.00",
        "items_with_amount": 2,
        "items_without_amount": 9,
    }


def test_json_totals_are_null_with_a_count_when_no_amount_is_known(client, seeded):
    data = json.loads(client.get("/budget.json").content)
    fy = next(b for b in data["budgets"] if b["slug"] == "fy22-23-budget")
    assert fy["total"] == {"amount_usd": None, "items_with_amount": 0, "items_without_amount": 9}
    assert all(group["total"]["amount_usd"] is None for group in fy["priorities"])
    year = next(t for t in data["totals_by_fiscal_year"] if t["fiscal_year"] == "FY22-23")
    assert year["total"]["amount_usd"] is None
    assert year["fiscal_year_dates"] == {"start": "2022-07-01", "end": "2023-06-30"}
    assert '"0.00"' not in client.get("/budget.json").content.decode()


def test_unknown_amounts_read_not_given_rather_than_not_yet_published(client, seeded):
    page = page_text(client.get("/budget/"))
    assert "amount not given" in page
    assert "not yet published" not in page
    assert "not published" not in page


def test_fiscal_year_is_explained_where_it_first_appears(client, seeded):
    page = page_text(client.get("/budget/"))
    body = page[page.index("Skip to main content") :]
    explanation = (
        "FY22-23 means the City's budget year (fiscal year) from July 1, 2022 to June 30, 2023."
    )
    assert explanation in body
    assert body.index(explanation) <= body.index("FY22-23")


def test_fiscal_year_dates_follow_the_citys_july_to_june_year():
    assert fiscal_year_dates("FY22-23") == (datetime.date(2022, 7, 1), datetime.date(2023, 6, 30))
    assert fiscal_year_dates("FY99-00") == (datetime.date(2099, 7, 1), datetime.date(2100, 6, 30))
    assert fiscal_year_dates("") is None


def page_section(html, heading_id):
    """The text of the <section> a heading with this id opens."""
    start = html.index(f'id="{heading_id}"')
    return re.sub(r"<[^>]+>", "", html[start : html.index("</section>", start)])


def test_the_home_page_says_how_much_with_every_stated_amount(client, seeded):
    response = client.get("/")
    budget = page_section(response.content.decode(), "budget-heading")
    assert "Safer Summer PDX: Focused Investment" in budget and "$2.4 million" in budget
    assert "add up to" in budget and "$3.8 million" in budget
    assert "not yet published" not in budget
    assert "amounts not given" in budget
