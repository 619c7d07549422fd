"""A resident's everyday questions, answered from the home page on a 375 px phone in at
most two taps. Each journey counts its taps; scrolling is free, as it is on a phone."""

import re

import pytest

MAX_TAPS = 2


class Journey:
    def __init__(self, page, site):
        self.page = page
        self.taps = 0
        page.goto(site + "/")

    def tap(self, locator):
        """Follow a link as a resident would: it must be on the page and visible."""
        assert locator.count() == 1, f"{locator} matches {locator.count()} elements"
        locator.scroll_into_view_if_needed()
        assert locator.is_visible(), f"{locator} is not visible"
        with self.page.expect_navigation():
            locator.click()
        self.taps += 1
        overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{self.page.url} scrolls sideways by {overflow}px on a phone"

    def sees(self, locator):
        locator.first.scroll_into_view_if_needed()
        assert locator.first.is_visible(), f"{locator} is not visible"
        return locator.first


@pytest.fixture
def phone(new_page, site):
    return Journey(new_page(width=375), site)


def test_someone_in_a_mental_health_crisis_is_told_to_call_9_1_1(phone):
    """'Someone is in a mental-health crisis on the street: who do I call?'"""
    page = phone.page
    # The safety line is on the first screen of every page.
    assert page.locator(".header-emergency a[href='tel:911']").is_visible()
    # The program whose card speaks of mental health crises.
    card = page.locator(".card", has_text=re.compile("mental health", re.I))
    phone.tap(card.get_by_role("link"))
    box = phone.sees(page.get_by_role("region", name="How to get help"))
    assert "Call 9-1-1 and ask for Portland Street Response." in box.inner_text()
    assert box.locator("a[href='tel:911']").is_visible()
    assert "It does not respond when" in box.inner_text()
    assert phone.taps == 1 <= MAX_TAPS


def test_an_abandoned_car_is_reported_through_311(phone):
    """'I want to report an abandoned car.'"""
    page = phone.page
    contact = page.locator("#contact-311")
    report = phone.sees(contact.locator("li", has_text="Report an abandoned vehicle"))
    assert "Call or email 311 to make this report." in report.inner_text()
    # Named as plain text: nothing that looks like a link and goes nowhere.
    assert report.locator("a").count() == 0
    phone.sees(contact.locator("a[href='tel:311']"))
    phone.sees(contact.locator("a[href='mailto:311@portlandoregon.gov']"))
    assert phone.taps == 0 <= MAX_TAPS


def test_the_gunshot_detection_pilots_current_status(phone):
    """'Is ShotSpotter coming?'"""
    page = phone.page
    latest = page.get_by_role("region", name="Latest milestones")
    decision = phone.sees(latest.locator("li", has_text="June 2, 2023"))
    assert "not to start the pilot" in decision.inner_text()
    phone.tap(decision.get_by_role("link", name="Gunshot detection pilot"))
    timeline = phone.sees(page.get_by_role("region", name="Timeline"))
    last_step = timeline.locator(".timeline-entry").last
    assert "June 2, 2023" in last_step.inner_text()
    assert "now was not the time" in last_step.inner_text()
    assert "in progress" not in page.locator("main").inner_text()
    assert phone.taps == 1 <= MAX_TAPS


def test_the_list_of_grantees(phone, site):
    """'Who got a grant?'"""
    page = phone.page
    phone.tap(page.get_by_role("navigation", name="Main").get_by_role("link", name="Grants"))
    assert page.url == f"{site}/grants/"
    grantees = page.locator("main a[href^='/grantees/']")
    assert grantees.count() == 5
    phone.sees(grantees)
    assert phone.taps == 1 <= MAX_TAPS


def test_how_to_ask_for_an_accommodation(phone, site):
    """'I need this in another form, or I cannot use a page.'"""
    page = phone.page
    phone.tap(page.locator("footer").get_by_role("link", name="Accessibility"))
    assert page.url == f"{site}/accessibility/"
    report = phone.sees(page.get_by_role("heading", name=re.compile("accommodation")))
    assert report.is_visible()
    phone.sees(page.locator("main a[href='tel:711']"))
    assert "It is free." in page.locator("main").inner_text()
    assert phone.taps == 1 <= MAX_TAPS
