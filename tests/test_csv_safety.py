"""No cell of a CSV download runs as a formula when a spreadsheet opens the file."""

import csv
import io

import pytest

from publishing.csv_export import spreadsheet_safe

from .conftest import make_budget, make_budget_item

# OWASP's list: each of these opens a formula (tab and carriage return when followed by one).
DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("first", DANGEROUS)
def test_a_cell_starting_a_formula_is_made_text(first):
    formula = f"{first}SUM(A1:A9)"
    assert spreadsheet_safe(formula) == "'" + formula


@pytest.mark.parametrize("value", ["Big reform", "1400000.00", "0.10", "FY30-31", "", "a=b"])
def test_an_ordinary_cell_is_unchanged(value):
    assert spreadsheet_safe(value) == value


def budget_csv_rows(client):
    return list(csv.DictReader(io.StringIO(client.get("/budget.csv").content.decode())))


@pytest.mark.parametrize("first", DANGEROUS)
def test_the_budget_csv_neutralises_staff_text(client, db, first):
    budget = make_budget(title=f"{first}cmd|' /C calc'!A0", fiscal_year="FY30-31")
    make_budget_item(budget, amount="1400000.00", title=f"{first}1+1")
    [row] = budget_csv_rows(client)
    assert row["budget"] == f"'{first}cmd|' /C calc'!A0"
    assert row["item"] == f"'{first}1+1"
    # Our own numbers are never negative, so no amount is turned into text.
    assert row["amount_usd"] == "1400000.00"


def test_amounts_and_empty_cells_in_the_budget_csv_are_unchanged(client, db):
    budget = make_budget(title="First budget", fiscal_year="FY30-31")
    make_budget_item(budget, amount="1400000.00", title="Known")
    make_budget_item(budget, amount="0.00", title="Zero")
    make_budget_item(budget, amount=None, title="Unknown")
    amounts = {row["item"]: row["amount_usd"] for row in budget_csv_rows(client)}
    assert amounts == {"Known": "1400000.00", "Zero": "0.00", "Unknown": ""}
