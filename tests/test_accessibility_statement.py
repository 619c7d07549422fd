"""The accessibility statement: the goal, how the site is tested, and how to report a
barrier or ask for an accommodation through 311 and Relay 711, linked from every page."""

import pytest

from partners.models import Service

from .conftest import page_text

pytestmark = pytest.mark.usefixtures("seeded")

ACCESS = "https://www.portland.gov/bps/about-bps/request-translation-interpretation-and-access"


@pytest.mark.parametrize("url", ["/", "/programs/", "/grantees/ario/", "/no-such-page/"])
def test_every_page_links_to_the_statement_from_its_footer(client, url):
    html = client.get(url).content.decode()
    assert '<a href="/accessibility/">Accessibility</a>' in html[html.index("<footer") :]


def test_the_statement_gives_the_goal_the_tests_and_how_to_ask_for_help(client):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    page = page_text(response)
    for fact in [
        "WCAG) 2.2 at level AA",
        "axe",
        "Nu HTML Checker",
        "keyboard only",
        "JavaScript turned off",
        "375 pixels wide",
        "Report a barrier or ask for an accommodation",
        "3-1-1 (within Multnomah County)",
        "(503) 823-4000 (from anywhere)",
        "711 (Relay)",
        "311@portlandoregon.gov",
        "You can ask 311 for translation, an interpreter or disability access. It is free.",
    ]:
        assert fact in page, fact
    html = response.content.decode()
    assert 'href="tel:711"' in html
    assert f'href="{ACCESS}"' in html


def test_the_ways_to_ask_come_from_the_311_record_staff_edit(client):
    Service.objects.update(access_note="Interpreters cost nothing: ask 311.")
    page = page_text(client.get("/accessibility/"))
    assert "Interpreters cost nothing: ask 311." in page
    assert "It is free." not in page
