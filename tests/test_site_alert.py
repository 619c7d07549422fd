"""A site-wide alert shows on every page type while active, rendered on the server."""

from datetime import UTC, datetime, timedelta

import pytest

from publishing.models import SiteAlert

from .conftest import make_grantee

NOW = datetime(2030, 3, 1, 18, 0, tzinfo=UTC)
MESSAGE = "311 phone lines are down until 3 PM; use the online form."

# One page of every type that renders the site's layout, including the error pages.
PAGES = {
    "/": 200,
    "/programs/": 200,
    "/programs/safer-summer-pdx/": 200,
    "/events/gunshot-detection-townhall/": 200,
    "/grants/": 200,
    "/grantees/ario/": 200,
    "/budget/": 200,
    "/partners/": 200,
    "/no-such-page/": 404,
    "/grantees/removed-group/": 410,
}


@pytest.fixture
def alert(seeded, clock):
    make_grantee(slug="removed-group").delete()
    return SiteAlert.objects.create(
        message=MESSAGE,
        severity=SiteAlert.Severity.URGENT,
        starts_at=NOW - timedelta(hours=1),
        ends_at=NOW + timedelta(hours=2),
    )


@pytest.mark.parametrize(("url", "status"), PAGES.items())
def test_the_alert_shows_on_every_page_type_while_active(client, alert, url, status):
    response = client.get(url)
    assert response.status_code == status
    page = response.content.decode()
    assert MESSAGE in page
    assert 'class="site-alert site-alert-urgent"' in page
    assert "Urgent:" in page


@pytest.mark.parametrize(("url", "status"), PAGES.items())
def test_the_alert_shows_on_no_page_after_its_end(client, alert, clock, url, status):
    clock.now = NOW + timedelta(hours=2)
    response = client.get(url)
    assert response.status_code == status
    assert MESSAGE not in response.content.decode()


def test_the_alert_waits_for_its_start_and_can_be_turned_off(client, alert, clock):
    clock.now = NOW - timedelta(hours=2)
    assert MESSAGE not in client.get("/").content.decode()
    clock.now = NOW
    assert MESSAGE in client.get("/").content.decode()
    alert.is_on = False
    alert.save()
    assert MESSAGE not in client.get("/").content.decode()


def test_the_alert_message_is_escaped(client, alert):
    alert.message = "<script>alert(1)</script>"
    alert.save()
    assert b"<script>alert(1)" not in client.get("/").content


@pytest.mark.django_db
def test_an_end_before_the_start_is_refused():
    from django.core.exceptions import ValidationError

    bad = SiteAlert(message="x", starts_at=NOW, ends_at=NOW - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        bad.full_clean()


def test_an_alert_written_on_two_lines_shows_on_two_lines(client, seeded, clock):
    SiteAlert.objects.create(
        message="311 phone lines are down.\nUse the online form <b>now</b>.",
        starts_at=NOW - timedelta(hours=1),
    )
    page = client.get("/").content.decode()
    assert "311 phone lines are down.<br>Use the online form &lt;b&gt;now&lt;/b&gt;." in page
