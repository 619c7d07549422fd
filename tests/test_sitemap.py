"""/sitemap.xml lists every published page once, and /robots.txt points to it."""

import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone

from grants.models import Grantee
from programs.models import Event, Program
from tests.conftest import make_event, make_grantee, make_program

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    return {
        url.find("sm:loc", NS).text: url.find("sm:lastmod", NS)
        for url in root.findall("sm:url", NS)
    }, [url.find("sm:loc", NS).text for url in root.findall("sm:url", NS)]


def test_every_published_item_appears_exactly_once_and_no_draft(client, seeded):
    draft_program = make_program(status="draft", slug="draft-program")
    draft_event = make_event(status="draft", slug="draft-event")
    draft_grantee = make_grantee(status="draft", slug="draft-grantee")
    scheduled = make_grantee(
        slug="scheduled-grantee", published_at=timezone.now() + datetime.timedelta(days=3)
    )
    entries, locations = sitemap_entries(client)
    published = [
        *Program.objects.published(),
        *Event.objects.published(),
        *Grantee.objects.published(),
    ]
    assert len(published) >= 9
    for item in published:
        url = f"http://testserver{item.get_absolute_url()}"
        assert locations.count(url) == 1, url
        assert entries[url].text == timezone.localdate(item.updated_at).isoformat()
    for item in (draft_program, draft_event, draft_grantee, scheduled):
        assert not any(item.slug in location for location in locations)
    assert len(locations) == len(set(locations))


def test_sections_are_listed(client, seeded):
    _, locations = sitemap_entries(client)
    for path in ["/", "/programs/", "/grants/", "/budget/", "/partners/", "/data/"]:
        assert f"http://testserver{path}" in locations


def test_robots_points_to_the_sitemap_and_keeps_the_admin_out(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
