"""Canonical links, Open Graph and Twitter tags, and schema.org JSON-LD on every page."""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import make_grantee

PAGES = {
    "/": {"WebSite", "GovernmentOrganization", "GovernmentService"},
    "/programs/": {"ItemList"},
    "/programs/portland-street-response/": {"GovernmentService"},
    "/events/gunshot-detection-townhall/": {"Event"},
    "/grants/": {"ItemList"},
    "/grantees/ario/": {"NGO"},
    "/budget/": {"Dataset"},
    "/partners/": {"ItemList"},
    "/search/?q=violence": {"SearchResultsPage"},
    "/data/": {"WebPage"},
}


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_ld = {}, {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            self.meta[key] = attrs.get("content")
        elif tag == "link":
            self.links[attrs["rel"]] = attrs["href"]
        elif tag == "script":
            assert attrs.get("type") == "application/ld+json", "no executable script on pages"
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def types_in(node):
    if isinstance(node, dict):
        found = set()
        if "@type" in node:
            found.add(node["@type"])
        for value in node.values():
            found |= types_in(value)
        return found
    if isinstance(node, list):
        return set().union(*map(types_in, node)) if node else set()
    return set()


@pytest.mark.parametrize(("url", "expected"), PAGES.items())
def test_every_page_has_canonical_open_graph_twitter_and_json_ld(client, seeded, url, expected):
    page = parse(client, url)
    path = url.split("?")[0]
    assert page.links["canonical"] == f"http://testserver{path}"
    assert page.meta["og:url"] == page.links["canonical"]
    assert page.meta["og:title"]
    assert page.meta["og:description"]
    assert page.meta["twitter:card"] == "summary_large_image"
    image = page.meta["og:image"]
    assert image.startswith("http://testserver/static/img/")
    assert (Path(settings.BASE_DIR) / "static" / image.split("/static/")[1]).is_file()
    assert len(page.json_ld) == 1
    data = json.loads(page.json_ld[0])
    assert data["@context"] == "https://schema.org"
    assert expected <= types_in(data), types_in(data)


def test_page_types_have_their_own_preview_image(client, seeded):
    images = {parse(client, url).meta["og:image"] for url in PAGES}
    assert len(images) >= 5


def test_grantee_is_an_ngo_with_a_monetary_grant_from_a_government_organization(client, seeded):
    data = json.loads(parse(client, "/grantees/ario/").json_ld[0])
    ngo = data["@graph"][0]
    assert ngo["@type"] == "NGO"
    assert ngo["name"] == "African Refugee and Immigrant Organization"
    grant = ngo["funding"][0]
    assert grant["@type"] == "MonetaryGrant"
    assert grant["funder"]["@type"] == "GovernmentOrganization"
    assert grant["funder"]["name"] == "Office of Violence Prevention"


def test_311_is_a_government_service_with_its_channels(client, seeded):
    data = json.loads(parse(client, "/").json_ld[0])
    service = next(n for n in data["@graph"] if n["@type"] == "GovernmentService")
    channels = service["availableChannel"]
    assert {c["@type"] for c in channels} == {"ServiceChannel"}
    phones = [c["servicePhone"]["telephone"] for c in channels if "servicePhone" in c]
    assert phones and all(phone.startswith("+1") or phone.isdigit() for phone in phones)
    assert any("serviceLocation" in c for c in channels)


def test_event_has_location_and_portland_time_zone(client, seeded):
    data = json.loads(parse(client, "/events/gunshot-detection-townhall/").json_ld[0])
    event = data["@graph"][0]
    assert event["eventSchedule"]["scheduleTimezone"] == "America/Los_Angeles"
    assert event["startDate"]


def test_agencies_are_government_organizations(client, seeded):
    data = json.loads(parse(client, "/partners/").json_ld[0])
    items = [entry["item"] for entry in data["@graph"][0]["itemListElement"]]
    ovp = next(item for item in items if item["name"] == "Office of Violence Prevention")
    assert ovp["@type"] == "GovernmentOrganization"


def test_staff_text_cannot_break_out_of_the_json_ld_block(client, db):
    make_grantee(slug="tricky", name="</script><script>alert(1)</script> & Co")
    page = parse(client, "/grantees/tricky/")
    data = json.loads(page.json_ld[0])
    assert data["@graph"][0]["name"] == "</script><script>alert(1)</script> & Co"


def test_later_pages_of_a_list_have_their_own_canonical_url(client, grown):
    assert parse(client, "/programs/?page=2").links["canonical"] == (
        "http://testserver/programs/?page=2"
    )
    assert parse(client, "/programs/?page=1").links["canonical"] == "http://testserver/programs/"
    assert parse(client, "/programs/?page=x").links["canonical"] == "http://testserver/programs/"


def test_search_results_are_not_indexed(client, seeded):
    assert parse(client, "/search/?q=gun").meta["robots"] == "noindex"


def test_a_page_number_past_the_end_is_not_canonical(client, grown):
    # The page shown is the canonical address, not the number asked for.
    last = parse(client, "/programs/?page=999").links["canonical"]
    assert last == "http://testserver/programs/?page=9"  # 203 programs, 24 a page
    huge = parse(client, "/programs/?page=" + "9" * 5000).links["canonical"]
    assert huge == "http://testserver/programs/"  # not a number Python will read: page 1
