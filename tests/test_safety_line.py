"""'Emergency: call 9-1-1' at the top of every page, from the 311 record staff edit."""

import re

import pytest

from partners.models import Service

pytestmark = pytest.mark.usefixtures("seeded")


def header(client, url):
    html = client.get(url).content.decode()
    return html[html.index("<header") : html.index("</header>")]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/programs/portland-street-response/",
        "/events/gunshot-detection-townhall/",
        "/grantees/ario/",
        "/budget/",
        "/partners/",
        "/search/?q=car",
        "/accessibility/",
        "/no-such-page/",
    ],
)
def test_every_page_opens_with_the_emergency_number(client, url):
    top = header(client, url)
    line = re.search(r'<p class="header-emergency">(.*?)</p>', top, re.S)
    assert line, url
    text = " ".join(re.sub(r"<[^>]+>", " ", line[1]).split())
    assert text == "Emergency: call 9-1-1"
    assert '<a href="tel:911">' in line[1]
    # It comes before the site's name and navigation.
    assert top.index("header-emergency") < top.index("site-name")


def test_the_emergency_number_is_staff_content_with_a_safe_fallback(client):
    Service.objects.update(emergency_number="112", emergency_label="1-1-2")
    assert '<a href="tel:112">call 1-1-2</a>' in header(client, "/programs/")
    # With no 311 record published, the header still gives 9-1-1.
    Service.objects.update(status="draft")
    assert '<a href="tel:911">call 9-1-1</a>' in header(client, "/programs/")
