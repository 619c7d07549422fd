"""A resident on a phone searches from the home page and reaches the answer in one search:
"abandoned car" leads to 311's report of an abandoned vehicle. The results pages (with
results and without) are valid, accessible, and work with JavaScript off."""

import pytest
from django.test import Client

from .checks import AXE_TAGS, audit_accessibility, validate_html


@pytest.mark.parametrize("java_script_enabled", [True, False], ids=["js", "no-js"])
def test_one_search_from_home_reaches_the_311_route_for_an_abandoned_car(
    new_page, site, java_script_enabled
):
    page = new_page(width=375, java_script_enabled=java_script_enabled)
    page.goto(site + "/")

    search_box = page.get_by_role("searchbox", name="Search this site")
    search_box.fill("abandoned car")
    with page.expect_navigation():
        search_box.press("Enter")
    assert page.url.startswith(f"{site}/search/?q=abandoned")
    assert page.locator("search").count() == 1, "one search box on the results page"

    first = page.locator(".search-result-title a").first
    assert first.inner_text() == "Report an abandoned vehicle"
    first.click()
    page.wait_for_url(f"{site}/#contact-311")
    block = page.locator("#contact-311")
    assert "Report an abandoned vehicle" in block.inner_text()
    # The 311 block is where the tap landed: on the phone's screen, with a way to call.
    box = block.bounding_box()
    # Scrolled to its top (give or take a sub-pixel of rounding).
    assert -1 < box["y"] < 800
    assert block.locator('a[href^="tel:"]').count() >= 1


def test_results_pages_are_accessible_and_valid(new_page, site):
    paths = ["/search/?q=abandoned+car", "/search/?q=how+much", "/search/?q=zzzzqqq", "/search/"]
    page = new_page(width=375)
    found = {}
    for path in paths:
        page.goto(site + path)
        violations = audit_accessibility(page, tags=[*AXE_TAGS, "best-practice"])
        if violations:
            found[path] = violations
    assert found == {}
    client = Client()
    errors = validate_html({path: client.get(path).content.decode() for path in paths})
    assert {path: found for path, found in errors.items() if found} == {}
