"""The data twins: every page's .json parses, field names are stable, money is exact."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest

from budget.models import Budget, BudgetSummary
from partners.models import AdvisoryCouncil, CouncilGroup
from portal.datadocs import exports
from publishing.templatetags.civic import money
from tests.conftest import (
    make_budget_item,
    make_event,
    make_grantee,
    make_milestone,
    make_organization,
    make_program,
)

PINNED = {
    "home": """
        name url contact contact.name contact.channels contact.channels[].kind
        contact.channels[].label contact.channels[].value contact.channels[].address
        contact.channels[].note programs programs[].title programs[].url events
        events[].title events[].start_date events[].url exports exports.programs
        exports.grant_rounds exports.grantees exports.budget exports.budget_csv
        exports.partners exports.glossary exports.events_calendar exports.updates_feed
        exports.sitemap
    """,
    "programs": """
        count programs programs[].title programs[].short_name programs[].summary
        programs[].url programs[].data_url
    """,
    "program": """
        title short_name summary url data_url slug body_html lead_agency lead_agency.name
        lead_agency.short_name lead_agency.url more_info_url components components[].title
        components[].description_html components[].amount_usd components[].organizations
        milestones milestones[].date milestones[].date_precision milestones[].title
        milestones[].description milestones[].done events events[].title events[].start_date
        events[].url events[].data_url funding funding[].title funding[].budget
        funding[].amount_usd funding[].url updated_at
    """,
    "event": """
        title start_date url data_url slug ics_url summary description_html start end
        time_zone location program program.title program.url host host.name host.short_name
        host.url updated_at
    """,
    "grant-rounds": """
        count grant_rounds grant_rounds[].slug grant_rounds[].title grant_rounds[].period
        grant_rounds[].awarded_by grant_rounds[].description_html
        grant_rounds[].more_info_url grant_rounds[].url grant_rounds[].awards
        grant_rounds[].awards[].name grant_rounds[].awards[].short_name
        grant_rounds[].awards[].url grant_rounds[].awards[].data_url
        grant_rounds[].awards[].amount_usd
    """,
    "grantees": """
        count grantees grantees[].name grantees[].short_name grantees[].url
        grantees[].data_url grantees[].slug grantees[].summary grantees[].description_html
        grantees[].website grantees[].awards grantees[].awards[].grant_round
        grantees[].awards[].period grantees[].awards[].awarded_by
        grantees[].awards[].amount_usd grantees[].awards[].url grantees[].updated_at
    """,
    "grantee": """
        name short_name url data_url slug summary description_html website awards
        awards[].grant_round awards[].period awards[].awarded_by awards[].amount_usd
        awards[].url updated_at
    """,
    "budget": """
        budgets budgets[].slug budgets[].title budgets[].short_name budgets[].fiscal_year
        budgets[].fiscal_year_dates budgets[].fiscal_year_dates.start
        budgets[].fiscal_year_dates.end budgets[].intro_html budgets[].total
        budgets[].total.amount_usd
        budgets[].total.items_with_amount budgets[].total.items_without_amount
        budgets[].priorities budgets[].priorities[].priority budgets[].priorities[].label
        budgets[].priorities[].total budgets[].priorities[].total.amount_usd
        budgets[].priorities[].total.items_with_amount
        budgets[].priorities[].total.items_without_amount budgets[].items
        budgets[].items[].slug budgets[].items[].title budgets[].items[].priority
        budgets[].items[].amount_usd budgets[].items[].one_time
        budgets[].items[].description_html budgets[].items[].url budgets[].items[].programs
        budgets[].items[].programs[].title budgets[].items[].programs[].url
        program_funding program_funding[].program program_funding[].program.title
        program_funding[].program.url program_funding[].fiscal_year program_funding[].total
        program_funding[].total.amount_usd program_funding[].total.items_with_amount
        program_funding[].total.items_without_amount program_funding[].items
        program_funding[].items[].title program_funding[].items[].amount_usd
        program_funding[].items[].description_html
        totals_by_fiscal_year totals_by_fiscal_year[].fiscal_year
        totals_by_fiscal_year[].fiscal_year_dates totals_by_fiscal_year[].fiscal_year_dates.start
        totals_by_fiscal_year[].fiscal_year_dates.end
        totals_by_fiscal_year[].total totals_by_fiscal_year[].total.amount_usd
        totals_by_fiscal_year[].total.items_with_amount
        totals_by_fiscal_year[].total.items_without_amount
        total total.amount_usd total.items_with_amount total.items_without_amount
    """,
    "glossary": """
        count terms terms[].slug terms[].term terms[].also_matches terms[].short_definition
        terms[].definition_html terms[].source terms[].source_url terms[].url
    """,
    "budget-csv": """
        budget fiscal_year priority item amount_usd amount_published one_time programs kind
    """,
    "partners": """
        count organizations organizations[].slug organizations[].name
        organizations[].short_name organizations[].jurisdiction organizations[].kind
        organizations[].listed_partner organizations[].parent
        organizations[].description_html organizations[].website organizations[].url
        organizations[].updated_at council_groups council_groups[].name
        council_groups[].organization council_groups[].description_html council_groups[].url
        council_groups[].councils council_groups[].councils[].name
        council_groups[].councils[].url resources resources[].title resources[].summary
        resources[].url
    """,
    "search": """
        query count page pages results results[].type results[].title results[].text
        results[].url
    """,
    "data": """
        exports exports[].slug exports[].title exports[].description exports[].urls
        exports[].fields exports[].fields[].name exports[].fields[].meaning
    """,
}

SAMPLES = {
    "home": ["/index.json"],
    "programs": ["/programs.json"],
    "program": [
        "/programs/full-program.json",
        "/programs/safer-summer-pdx.json",
        "/programs/gunshot-detection-pilot.json",
    ],
    "event": ["/events/full-event.json"],
    "grant-rounds": ["/grants.json"],
    "grantees": ["/grantees.json"],
    "grantee": ["/grantees/ario.json"],
    "budget": ["/budget.json"],
    "glossary": ["/glossary.json"],
    "partners": ["/partners.json"],
    "search": ["/search.json?q=gun"],
    "data": ["/data.json"],
}

TWINS = [
    ("/", "/index.json"),
    ("/programs/", "/programs.json"),
    ("/programs/safer-summer-pdx/", "/programs/safer-summer-pdx.json"),
    ("/events/gunshot-detection-townhall/", "/events/gunshot-detection-townhall.json"),
    ("/grants/", "/grants.json"),
    ("/grantees/ario/", "/grantees/ario.json"),
    ("/budget/", "/budget.json"),
    ("/partners/", "/partners.json"),
    ("/glossary/", "/glossary.json"),
    ("/search/?q=gun", "/search.json?q=gun"),
    ("/data/", "/data.json"),
]

MONEY = re.compile(r"^\d+\.\d{2}$")


@pytest.fixture
def full(seeded):
    """Seed content plus one of everything an export can nest, so every field appears."""
    agency = make_organization(slug="full-agency", name="Full Agency")
    program = make_program(slug="full-program", lead_agency=agency, short_name="FP")
    make_milestone(program)
    make_event(program, slug="full-event", host=agency, start_time="18:00", end_time="19:30")
    group = CouncilGroup.objects.first()
    AdvisoryCouncil.objects.create(group=group, name="A council", url="https://example.org/c")
    item = make_budget_item(Budget.objects.get(slug="fy22-23-budget"), amount="12.34")
    item.programs.add(program)
    return program


def flatten(value, prefix=""):
    names = []
    if isinstance(value, dict):
        for key, inner in value.items():
            name = f"{prefix}.{key}" if prefix else key
            names += [name, *flatten(inner, name)]
    elif isinstance(value, list):
        for inner in value:
            names += flatten(inner, f"{prefix}[]")
    return names


def documented(slug):
    return [name for name, _ in next(e for e in exports() if e.slug == slug).fields]


def test_documented_field_names_are_pinned():
    for slug, names in PINNED.items():
        assert documented(slug) == names.split(), slug


@pytest.mark.parametrize("slug", SAMPLES)
def test_each_export_holds_exactly_the_documented_fields(client, full, slug):
    seen = set()
    for url in SAMPLES[slug]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json"
        seen |= set(flatten(json.loads(response.content)))
    assert seen == set(documented(slug))


def test_budget_csv_columns_are_documented(client, seeded):
    header = client.get("/budget.csv").content.decode().splitlines()[0]
    assert header.split(",") == documented("budget-csv")


def test_the_data_page_documents_every_field(client, seeded):
    page = client.get("/data/").content.decode()
    for export in exports():
        for name, _ in export.fields:
            assert f"<code>{name}</code>" in page, name


@pytest.mark.parametrize(("page", "twin"), TWINS)
def test_every_page_links_to_its_json_twin_which_parses(client, seeded, page, twin):
    html = client.get(page).content.decode()
    assert (
        f'<link rel="alternate" type="application/json" href="{twin.replace("&", "&amp;")}"' in html
    )
    assert isinstance(json.loads(client.get(twin).content), dict)


def test_money_is_an_exact_decimal_string_or_null(client, grown):
    data = json.loads(client.get("/budget.json").content)
    amounts = [item["amount_usd"] for b in data["budgets"] for item in b["items"]]
    assert None in amounts, "the seed has items with no published amount"
    assert all(a is None or MONEY.match(a) for a in amounts)
    assert "10.50" in amounts


def test_budget_json_and_csv_totals_equal_the_budget_page_to_the_cent(client, grown):
    page = client.get("/budget/")
    summary = page.context["summary"]
    html = page.content.decode()
    data = json.loads(client.get("/budget.json").content)
    rows = list(csv.DictReader(io.StringIO(client.get("/budget.csv").content.decode())))
    assert len(data["budgets"]) == len(summary.sections)
    for section, exported in zip(summary.sections, data["budgets"], strict=True):
        total = Decimal(exported["total"]["amount_usd"])
        assert total == section.total.amount
        assert money(total) in html
        assert total == sum(
            (Decimal(i["amount_usd"]) for i in exported["items"] if i["amount_usd"]), Decimal(0)
        )
        assert total == sum(
            (
                Decimal(r["amount_usd"])
                for r in rows
                if r["budget"] == exported["title"] and r["amount_usd"]
            ),
            Decimal(0),
        )
        for group, exported_group in zip(section.priorities, exported["priorities"], strict=True):
            assert exact(exported_group["total"]["amount_usd"]) == group.total.known_amount
    by_year = BudgetSummary.load().totals_by_fiscal_year()
    for entry in data["totals_by_fiscal_year"]:
        assert exact(entry["total"]["amount_usd"]) == by_year[entry["fiscal_year"] or ""].amount
    everything = summary.grand_total.amount
    assert Decimal(data["total"]["amount_usd"]) == everything
    assert everything == sum(
        (Decimal(r["amount_usd"]) for r in rows if r["amount_usd"]), Decimal(0)
    )
    assert money(everything) in html


def exact(amount):
    return None if amount is None else Decimal(amount)


def test_drafts_are_not_exported(client, seeded):
    make_grantee(status="draft", slug="hidden-grantee", name="Hidden Grantee")
    assert client.get("/grantees/hidden-grantee.json").status_code == 404
    assert "Hidden Grantee" not in client.get("/grantees.json").content.decode()


def test_json_twin_of_a_list_carries_the_whole_collection(client, grown):
    data = json.loads(client.get("/programs.json").content)
    assert data["count"] == len(data["programs"]) > 24


def test_grantees_export_lists_awards_with_amounts(client, seeded):
    data = json.loads(client.get("/grantees.json").content)
    names = {g["short_name"] for g in data["grantees"]}
    assert {"ARIO", "B.M.I.T", "H.E.L.P", "E.E.C.R.C"} <= names
    ario = next(g for g in data["grantees"] if g["slug"] == "ario")
    assert ario["url"] == "http://testserver/grantees/ario/"
    assert ario["awards"][0]["awarded_by"] == "Office of Violence Prevention"
