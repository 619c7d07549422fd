"""Drafts are invisible to the public everywhere, and previewable by staff at their URL."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from grants.models import GrantRound
from partners.models import Resource

from .conftest import (
    make_award,
    make_budget,
    make_budget_item,
    make_event,
    make_grant_round,
    make_grantee,
    make_milestone,
    make_organization,
    make_program,
)

MARK = "Zanzibar"  # a word the seed never uses

PUBLIC_PAGES = ["/", "/programs/", "/grants/", "/budget/", "/budget.csv", "/partners/"]


@pytest.fixture
def drafts(seeded):
    """One draft of every kind of content, each linked from published content."""
    program = make_program(status="draft", title=f"{MARK} Program", summary=f"{MARK} summary")
    make_milestone(program, title=f"{MARK} step")
    live_program = make_program(title="Live Program")
    event = make_event(live_program, status="draft", title=f"{MARK} Event")
    grantee = make_grantee(status="draft", name=f"{MARK} Grantee")
    live_round = GrantRound.objects.get(slug="spring-2022-gun-violence-reduction-grants")
    make_award(live_round, grantee)
    draft_round = make_grant_round(status="draft", title=f"{MARK} Round")
    make_award(draft_round, make_grantee(name="Live Grantee In Draft Round"))
    make_organization(status="draft", name=f"{MARK} Agency")
    draft_budget = make_budget(status="draft", title=f"{MARK} Budget")
    make_budget_item(draft_budget, title=f"{MARK} item in draft budget", amount="5")
    live_budget = make_budget(title="Live Budget")
    make_budget_item(live_budget, status="draft", title=f"{MARK} draft item", amount="7")
    Resource.objects.create(slug="draft-resource", title=f"{MARK} Resource", status="draft")
    return {"program": program, "event": event, "grantee": grantee}


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_drafts_are_invisible_on_every_public_page(client, drafts, url):
    response = client.get(url)
    assert response.status_code == 200
    assert MARK.encode() not in response.content


@pytest.mark.parametrize("kind", ["program", "event", "grantee"])
def test_a_drafts_own_page_is_404_for_the_public(client, drafts, kind):
    url = drafts[kind].get_absolute_url()
    assert client.get(url).status_code == 404
    if kind == "event":
        assert client.get(drafts[kind].get_ics_url()).status_code == 404


@pytest.mark.parametrize("kind", ["program", "event", "grantee"])
def test_staff_preview_a_draft_at_its_public_url_under_a_banner(editor_client, drafts, kind):
    response = editor_client.get(drafts[kind].get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft — not public" in page
    assert MARK in page
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    opts = drafts[kind]._meta
    edit = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[drafts[kind].pk])
    assert f'<a href="{edit}">Edit this in the admin</a>' in page


def test_staff_see_no_banner_on_a_live_page(editor_client, seeded):
    response = editor_client.get("/grantees/ario/")
    assert "Draft — not public" not in response.content.decode()


def test_staff_lists_stay_public_only(editor_client, drafts):
    assert MARK.encode() not in editor_client.get("/programs/").content


def test_a_signed_in_user_who_is_not_staff_gets_404(client, drafts, django_user_model):
    user = django_user_model.objects.create_user("resident", password="x" * 12)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(drafts["grantee"].get_absolute_url()).status_code == 404


def test_view_on_site_from_the_admin_lands_on_the_preview(editor_client, drafts):
    grantee = drafts["grantee"]
    content_type = ContentType.objects.get_for_model(grantee)
    shortcut = reverse("admin:view_on_site", args=[content_type.pk, grantee.pk])
    change_form = editor_client.get(
        reverse("admin:grants_grantee_change", args=[grantee.pk])
    ).content.decode()
    assert shortcut in change_form
    response = editor_client.get(shortcut, follow=True)
    assert response.redirect_chain[-1][0].endswith(grantee.get_absolute_url())
    assert "Draft — not public" in response.content.decode()


def test_staff_see_drafts_on_list_pages_that_are_their_only_home(editor_client, drafts):
    for url, names in [
        ("/grants/", [f"{MARK} Round", f"{MARK} Grantee"]),
        ("/partners/", [f"{MARK} Agency", f"{MARK} Resource"]),
    ]:
        response = editor_client.get(url)
        page = response.content.decode()
        for name in names:
            assert name in page, (url, name)
        assert "Draft — not public" in page
        assert "shown only to signed-in staff" in page
        assert "no-store" in response["Cache-Control"]


def test_view_on_site_for_a_draft_grant_round_lands_where_staff_can_see_it(editor_client, drafts):
    grant_round = GrantRound.objects.get(title=f"{MARK} Round")
    content_type = ContentType.objects.get_for_model(grant_round)
    shortcut = reverse("admin:view_on_site", args=[content_type.pk, grant_round.pk])
    response = editor_client.get(shortcut, follow=True)
    assert f'id="{grant_round.slug}"' in response.content.decode()


def test_a_list_without_drafts_is_not_marked_as_a_preview(editor_client, seeded):
    response = editor_client.get("/grants/")
    assert "Draft — not public" not in response.content.decode()


def test_staff_see_draft_budgets_and_items_on_the_budget_page(editor_client, client, drafts):
    response = editor_client.get("/budget/")
    page = response.content.decode()
    assert f"{MARK} Budget" in page
    assert f"{MARK} draft item" in page
    assert "counted in the totals, only for signed-in staff" in page
    assert "no-store" in response["Cache-Control"]
    # The CSV download is what residents get, whoever asks.
    assert MARK.encode() not in editor_client.get("/budget.csv").content


def test_view_on_site_for_a_draft_budget_item_lands_on_its_row(editor_client, drafts):
    from budget.models import BudgetItem

    item = BudgetItem.objects.get(title=f"{MARK} draft item")
    content_type = ContentType.objects.get_for_model(item)
    shortcut = reverse("admin:view_on_site", args=[content_type.pk, item.pk])
    response = editor_client.get(shortcut, follow=True)
    assert f'id="item-{item.slug}"' in response.content.decode()
