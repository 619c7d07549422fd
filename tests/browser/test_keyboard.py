"""Keyboard only: the journeys residents make, with JavaScript on and off, and a visible
focus indicator on everything that can take focus."""

import pytest

from .checks import visible_focus_indicator

ACTIVE = """() => {
    const element = document.activeElement;
    return {
        tag: element.tagName,
        id: element.id,
        href: element.getAttribute("href"),
        text: element.textContent.trim(),
        key: element.outerHTML.slice(0, 200) + JSON.stringify(element.getBoundingClientRect()),
    };
}"""


def tab_to(page, wanted, limit=200):
    """Press Tab until the focused element satisfies `wanted`; each stop must show focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(ACTIVE)
        indicator = visible_focus_indicator(page)
        assert indicator["visible"], f"no visible focus on {indicator['element']}"
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reached the element on {page.url}")


def follow(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("java_script_enabled", [True, False], ids=["js", "no-js"])
def test_skip_link_moves_focus_to_the_main_content(new_page, site, java_script_enabled):
    page = new_page(width=375, java_script_enabled=java_script_enabled)
    page.goto(site + "/")
    page.keyboard.press("Tab")
    skip = page.evaluate(ACTIVE)
    assert (skip["text"], skip["href"]) == ("Skip to main content", "#main")
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, "the focused skip link must be on screen"
    assert visible_focus_indicator(page)["visible"]
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE)["id"] == "main"


@pytest.mark.parametrize("java_script_enabled", [True, False], ids=["js", "no-js"])
def test_home_to_program_to_grantee_to_311_by_keyboard(new_page, site, java_script_enabled):
    page = new_page(width=375, java_script_enabled=java_script_enabled)
    page.goto(site + "/")

    tab_to(page, lambda focused: focused["text"] == "Safer Summer PDX")
    follow(page)
    assert page.url == f"{site}/programs/safer-summer-pdx/"

    tab_to(page, lambda focused: focused["text"] == "Grants")
    follow(page)
    assert page.url == f"{site}/grants/"
    grantee = tab_to(page, lambda focused: (focused["href"] or "").startswith("/grantees/"))
    follow(page)
    assert page.url == site + grantee["href"]
    assert page.locator("h1").inner_text()

    tab_to(page, lambda focused: focused["text"] == "Contact 311")
    page.keyboard.press("Enter")
    phone = tab_to(page, lambda focused: True, limit=1)
    assert (phone["href"], phone["text"]) == ("tel:311", "3-1-1")


def focus_stops_without_indicator(page, limit=400):
    """Tab through the whole page once; return how many stops, and those showing no focus."""
    missing, first = [], None
    for stops in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(ACTIVE)
        if focused["tag"] == "BODY" or focused["key"] == first:
            return stops, missing
        first = first or focused["key"]
        indicator = visible_focus_indicator(page)
        if not indicator["visible"]:
            missing.append(indicator["element"])
    raise AssertionError(f"Tab never came back round on {page.url}")


def test_every_focusable_element_shows_a_visible_focus_indicator(audited, new_page, site, report):
    page = new_page()
    missing, total = {}, 0
    for path in audited:
        page.goto(site + path)
        stops, unfocused = focus_stops_without_indicator(page)
        assert stops > 0, path
        total += stops
        if unfocused:
            missing[path] = unfocused
    report.append(f"Keyboard: {total} focus stops checked for a visible indicator.")
    assert missing == {}


def test_the_focus_check_reports_an_element_without_indicator(new_page):
    page = new_page()
    page.set_content(
        "<style>.hidden-focus:focus { outline: none; }</style>"
        '<a href="#one">One</a> <a class="hidden-focus" href="#two">Two</a>'
    )
    stops, missing = focus_stops_without_indicator(page)
    assert stops == 2
    assert missing == ['<a class="hidden-focus" href="#two">Two</a>']
