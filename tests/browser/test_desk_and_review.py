"""The staff desk and the review of a held change, in a real browser at a desktop's and
a tablet's width (1280 and 768 px): axe-core and the HTML checker clean, nothing wider
than the screen, and screenshots to look at. Also the pages that confirm "Apply" and
"Publish now", and a public page previewing a held change with what it changes marked,
with the confirmation done by keyboard and with JavaScript off.

Screenshots: screenshots/admin-desk-{width}.png, admin-review-{width}.png,
admin-confirm-publish-{width}.png, admin-confirm-apply-{width}.png and
preview-marked-{width}.png.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from budget.models import BudgetItem
from grants.models import Grantee, GrantRound
from publishing import workflow
from publishing.changes import snapshot
from publishing.models import HeldChange

from ..conftest import make_grantee, make_staff
from .checks import audit_accessibility, validate_html
from .conftest import SCREENSHOTS
from .test_admin_workflow import (
    FOCUSED,
    assert_fits,
    assert_still_tables,
    press_and_load,
    staff_page,
    tab_to,
)

WIDTHS = (1280, 768)
LONG = (
    "Grants go to community organizations that work directly with the people most "
    "affected by gun violence, for outreach, mentoring and family support."
)


def hold(item, changes, user):
    current = snapshot(item, workflow.relations_of(changes))
    base = {key: current.get(key) for key in changes if key in current}
    return workflow.hold(item, changes, base, user)


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


@pytest.fixture
def staff(site):
    return {
        "editor": make_staff("editor", "dana.editor"),
        "publisher": make_staff("publisher", "lee.publisher"),
    }


@pytest.fixture
def waiting(staff):
    """Held changes to a grant round (a field, long text and an award row) and to a
    budget item (its amount), a draft, and a grantee going live next week."""
    grant_round = GrantRound.objects.get(slug="spring-2022-gun-violence-reduction-grants")
    award = grant_round.awards.order_by("pk").first()
    grant_round.description = LONG
    grant_round.save()
    round_change = hold(
        grant_round,
        {
            "period": "Spring and summer 2022",
            "description": LONG.replace("mentoring and", "tutoring and"),
            f"awards:{award.pk}:amount": "25000.00",
        },
        staff["editor"],
    )
    item = BudgetItem.objects.published().order_by("pk").first()
    hold(item, {"amount": "2500000.00"}, staff["editor"])
    make_grantee(status="draft", name="Northeast Youth Alliance")
    make_grantee(name="Lents Neighbors", published_at=timezone.now() + timedelta(days=7))
    return {"grant_round": grant_round, "round_change": round_change, "budget_item": item}


def check_at_widths(new_page, site, user, path, name, java_script_enabled=True):
    """Open ``path``, then at each width: axe clean, fits, a screenshot. The page's HTML
    as sent, for the HTML checker."""
    page = staff_page(new_page, site, user, java_script_enabled=java_script_enabled)
    response = page.goto(site + path)
    assert response.ok, (path, response.status)
    html = response.text()
    SCREENSHOTS.mkdir(exist_ok=True)
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        violations = audit_accessibility(page)
        if violations:
            found[width] = violations
        assert_fits(page, f"{name} at {width}")
        # Stacked where their box is narrow, tables are still read as tables.
        assert_still_tables(page, f"{name} at {width}")
        file = SCREENSHOTS / f"{name}-{width}.png"
        file.unlink(missing_ok=True)
        page.screenshot(path=file, full_page=True)
        assert file.stat().st_size > 0
    assert found == {}, name
    return page, html


def serve(html):
    """A route handler answering with ``html``, the page exactly as the server sent it."""
    return lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8")


def html_errors(documents):
    return {name: errors for name, errors in validate_html(documents).items() if errors}


def test_the_desk_and_the_review_at_desktop_and_tablet_widths(new_page, site, staff, waiting):
    grant_round = waiting["grant_round"]
    pages = {}

    page, pages["desk"] = check_at_widths(
        new_page, site, staff["publisher"], "/admin/", "admin-desk"
    )
    desk = page.locator("#staff-desk")
    waiting_table = desk.get_by_role("table", name="Waiting for your review (2)")
    assert waiting_table.get_by_role("link", name=grant_round.title).is_visible()
    assert desk.get_by_role("table", name="Drafts never published (1)").is_visible()
    assert "Lents Neighbors" in desk.inner_text()

    _, pages["desk-editor"] = check_at_widths(
        new_page, site, staff["editor"], "/admin/", "admin-desk-editor"
    )
    assert 'aria-label="Withdraw my change to' in pages["desk-editor"]

    page, pages["review"] = check_at_widths(
        new_page, site, staff["publisher"], change_url(grant_round), "admin-review"
    )
    table = page.get_by_role("table", name="What applying it would change")
    rows = [row.inner_text() for row in table.locator("tbody tr").all()]
    assert len(rows) == 3, rows
    joined = "\n".join(rows)
    assert "Spring 2022" in joined and "Spring and summer 2022" in joined
    assert "25000.00" in joined
    # Long text, word by word: what is removed is struck, what is added underlined.
    assert "mentoring" in table.locator("del").first.inner_text()
    assert "tutoring" in table.locator("ins").first.inner_text()
    assert page.get_by_role("checkbox", name="I have checked every difference above").count()

    preview = page.get_by_role("link", name="Preview the change on the public page")
    preview_path = preview.get_attribute("href")
    assert preview_path.startswith("/grants/?draft_change=")
    page, pages["preview"] = check_at_widths(
        new_page, site, staff["publisher"], preview_path, "preview-marked"
    )
    main = page.locator("main")
    assert main.locator("ins.change-mark", has_text="and summer").count() == 1
    assert main.locator("del.change-mark").count() >= 1
    # Said, not only shown: the marks carry words for screen readers.
    assert "added:" in main.locator("ins.change-mark").nth(1).inner_text()

    assert html_errors(pages) == {}


def test_publish_now_and_apply_are_confirmed_by_keyboard_without_javascript(
    new_page, site, staff, waiting
):
    draft = Grantee.objects.get(name="Northeast Youth Alliance")
    pages = {}

    # "Publish now" on the change form answers with a confirmation page.
    page = staff_page(new_page, site, staff["publisher"])
    page.goto(site + change_url(draft))
    page.locator("select[name='CHANGE_FORM-action']").select_option("publish")
    with page.expect_navigation():
        page.get_by_role("button", name="Run").first.click()
    assert page.locator("h1").inner_text() == "Publish now?"
    pages["confirm-publish"] = page.content()
    draft.refresh_from_db()
    assert draft.status == "draft"
    tab_to(page, lambda focused: focused["name"] == "publish-change_kind")
    page.keyboard.press("ArrowDown")
    tab_to(page, lambda focused: focused["name"] == "publish-change_note")
    page.keyboard.type("A new grantee in Northeast Portland.")
    tab_to(page, lambda focused: focused["value"] == "Yes, publish now")
    assert "Published — now live: Northeast Youth Alliance." in press_and_load(page, "Enter")
    draft.refresh_from_db()
    assert draft.is_live()

    # Apply without ticking the confirmation (as a browser without validation would
    # send it) shows the confirmation page, with the differences, and applies nothing.
    grant_round = waiting["grant_round"]
    page.goto(site + change_url(grant_round))
    page.evaluate("document.querySelector('input[name=\"apply-confirm\"]').required = false")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply the draft change").click()
    assert "Tick the box to confirm, then apply." in page.content()
    pages["confirm-apply"] = page.content()
    assert HeldChange.objects.filter(pk=waiting["round_change"].pk).exists()
    tab_to(page, lambda focused: focused["name"] == "apply-confirm")
    page.keyboard.press("Space")
    assert page.evaluate(FOCUSED)["name"] == "apply-confirm"
    tab_to(page, lambda focused: focused["value"] == "Apply the draft change")
    assert "Applied — now live." in press_and_load(page, "Enter")
    grant_round.refresh_from_db()
    assert grant_round.period == "Spring and summer 2022"
    assert not HeldChange.objects.filter(pk=waiting["round_change"].pk).exists()

    assert html_errors(pages) == {}


def test_the_confirmation_pages_at_desktop_and_tablet_widths(new_page, site, staff, waiting):
    """axe and screenshots of both confirmation pages, as the server sends them."""
    from django.test import Client

    from ..conftest import MODEL_BACKEND

    client = Client()
    client.force_login(staff["publisher"], backend=MODEL_BACKEND)
    draft = Grantee.objects.get(name="Northeast Youth Alliance")
    confirm_publish = client.post(
        change_url(draft), {"CHANGE_FORM-action": "publish", "_selected_action": [draft.pk]}
    ).content.decode()
    confirm_apply = client.post(
        change_url(waiting["grant_round"]), {"_apply_pending": "1"}
    ).content.decode()
    for name, path, html in [
        ("admin-confirm-publish", change_url(draft), confirm_publish),
        ("admin-confirm-apply", change_url(waiting["grant_round"]), confirm_apply),
    ]:
        page = staff_page(new_page, site, staff["publisher"], java_script_enabled=True)
        page.route(site + path, serve(html))
        page.goto(site + path)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert audit_accessibility(page) == [], (name, width)
            assert_fits(page, f"{name} at {width}")
            file = SCREENSHOTS / f"{name}-{width}.png"
            file.unlink(missing_ok=True)
            page.screenshot(path=file, full_page=True)
    assert html_errors({"publish": confirm_publish, "apply": confirm_apply}) == {}
    assert Grantee.objects.get(pk=draft.pk).status == "draft"
