"""Drafts never reach residents: not on any page or list, and their URLs answer 404."""

import datetime

import pytest
from django.utils import timezone

from budget.models import Budget
from programs.models import Program

from .conftest import (
    make_award,
    make_budget,
    make_budget_item,
    make_event,
    make_grant_round,
    make_grantee,
    make_organization,
    make_program,
)

PUBLIC_PAGES = [
    "/",
    "/programs/",
    "/grants/",
    "/budget/",
    "/budget.csv",
    "/partners/",
    "/programs/safer-summer-pdx/",
    "/grantees/ario/",
]
SECRET = "Zanzibar"


@pytest.fixture
def drafts(seeded):
    program = make_program(status="draft", title=f"{SECRET} program", slug="draft-program")
    grantee = make_grantee(status="draft", name=f"{SECRET} grantee", slug="draft-grantee")
    make_award(make_grant_round(title="Published round"), grantee)
    budget = Budget.objects.get(slug="fy22-23-budget")
    make_budget_item(budget, status="draft", title=f"{SECRET} budget item", amount="99")
    make_organization(status="draft", name=f"{SECRET} partner", is_listed_partner=True)
    make_event(
        program=Program.objects.get(slug="safer-summer-pdx"),
        status="draft",
        title=f"{SECRET} event",
        slug="draft-event",
    )
    return program


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_drafts_appear_on_no_public_page(client, drafts, url):
    response = client.get(url)
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/programs/draft-program/",
        "/grantees/draft-grantee/",
        "/events/draft-event/",
        "/events/draft-event.ics",
    ],
)
def test_draft_urls_answer_404(client, drafts, url):
    assert client.get(url).status_code == 404


def test_published_items_do_appear(client, drafts):
    # The same factories with status "published" are visible, so the test above can fail.
    make_program(title="Visible program")
    assert "Visible program" in client.get("/programs/").content.decode()


def test_scheduled_item_stays_hidden_until_its_time(client, seeded):
    make_program(
        title="Tomorrow's program",
        slug="tomorrow",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert client.get("/programs/tomorrow/").status_code == 404
    assert "Tomorrow" not in client.get("/programs/").content.decode()


def test_items_of_a_draft_budget_are_hidden(client, seeded):
    budget = make_budget(status="draft", title="Draft budget")
    make_budget_item(budget, title=f"{SECRET} item of a draft budget", amount="5")
    assert SECRET not in client.get("/budget/").content.decode()
    assert SECRET not in client.get("/budget.csv").content.decode()


def test_draft_lead_agency_is_not_named(client, seeded):
    agency = make_organization(status="draft", name=f"{SECRET} agency")
    make_program(slug="led", lead_agency=agency)
    assert SECRET not in client.get("/programs/led/").content.decode()


RELATED_PAGES = [
    "/",
    "/index.json",
    "/programs/safer-summer-pdx/",
    "/programs/safer-summer-pdx.json",
    "/grants/",
    "/grants.json",
    "/grantees/ario/",
    "/grantees/ario.json",
    "/grantees.json",
    "/events/gunshot-detection-townhall/",
    "/events/gunshot-detection-townhall.json",
    "/partners/",
    "/partners.json",
    "/updates.atom",
    "/sitemap.xml",
    "/search/?q=violence",
]


@pytest.mark.parametrize("url", RELATED_PAGES)
def test_a_draft_related_organization_is_never_named(client, seeded, url):
    from grants.models import GrantRound
    from partners.models import Organization
    from programs.models import Event

    ovp = Organization.objects.get(slug="office-of-violence-prevention")
    ovp.status = "draft"
    ovp.name = f"{SECRET} office"
    ovp.save()
    host = make_organization(status="draft", name=f"{SECRET} host")
    Event.objects.filter(slug="gunshot-detection-townhall").update(host=host)
    assert GrantRound.objects.get().awarded_by == ovp  # the home page names the awarding office
    response = client.get(url)
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
