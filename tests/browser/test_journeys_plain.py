"""Residents' journeys on a phone (375 px) for the budget, the glossary and feedback,
with the number of taps each takes."""

import re

import pytest

from feedback.models import Feedback


def tap(page, locator):
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("java_script_enabled", [True, False], ids=["js", "no-js"])
def test_how_much_the_city_spends_is_one_tap_from_home(new_page, site, java_script_enabled):
    page = new_page(width=375, java_script_enabled=java_script_enabled)
    page.goto(site + "/")
    tap(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Budget"))
    assert page.url == f"{site}/budget/"
    total = page.locator(".budget-total")
    assert total.is_visible()
    text = " ".join(total.inner_text().split())
    assert "The amounts on this page add up to $3,800,000 ($3.8 million)." in text
    assert "Safer Summer PDX: $2,400,000" in text
    box = total.bounding_box()
    assert box["width"] <= 375


def test_a_glossary_word_explains_itself_in_one_tap(new_page, site):
    page = new_page(width=375, java_script_enabled=False)
    page.goto(site + "/programs/safer-summer-pdx/")
    word = page.locator('a.term[href="/glossary/#houseless"]')
    assert word.get_attribute("title") == "Without a home to live in."
    tap(page, word)
    assert page.url == f"{site}/glossary/#houseless"
    assert page.locator("#houseless").is_visible()


def test_feedback_without_javascript_in_two_taps_and_no_cookie(new_page, site):
    page = new_page(width=375, java_script_enabled=False)
    page.goto(site + "/budget/")
    tap(page, page.get_by_role("button", name="No"))
    assert re.search(r"/feedback/\?page=%2Fbudget%2F&helpful=no$", page.url)
    page.get_by_label("Anything to add? (optional)").fill("Where is the FY22-23 total?")
    # A person takes a few seconds to write; a robot does not.
    page.wait_for_timeout(3200)
    tap(page, page.get_by_role("button", name="Send"))
    assert page.url.startswith(f"{site}/feedback/thanks/")
    tap(page, page.get_by_role("link", name="Back to the page you were reading"))
    assert page.url == f"{site}/budget/"
    assert page.context.cookies() == []
    [feedback] = Feedback.objects.all()
    assert (feedback.page, feedback.helpful) == ("/budget/", False)
    assert feedback.comment == "Where is the FY22-23 total?"
