"""HTTP caching: validators and 304s for everyone anonymous, nothing cached for staff."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import make_program

PUBLIC = [
    "/",
    "/programs/safer-summer-pdx/",
    "/grantees/ario/",
    "/grantees/ario.json",
    "/budget.csv",
    "/budget.json",
    "/updates.atom",
    "/events.ics",
    "/sitemap.xml",
]


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_user(
        "editor", password="a-long-test-password", is_staff=True
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", PUBLIC)
def test_public_responses_are_shared_cacheable_with_validators(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert "public" in directives
    # Browsers revalidate every view; only shared caches keep a copy for a while.
    assert {"max-age=0", "must-revalidate"} <= directives
    assert any(d.startswith("s-maxage=") and int(d.split("=")[1]) > 0 for d in directives)
    assert response["ETag"]
    assert response["Last-Modified"]
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("url", PUBLIC)
def test_conditional_get_with_the_etag_answers_304(client, seeded, url):
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_a_different_etag_gets_the_full_page(client, seeded):
    response = client.get("/grantees/ario/", headers={"if-none-match": '"not-the-etag"'})
    assert response.status_code == 200


def test_if_modified_since_answers_304_until_content_changes(client, seeded):
    last_modified = client.get("/programs/")["Last-Modified"]
    assert client.get("/programs/", headers={"if-modified-since": last_modified}).status_code == 304
    # An edit moves Last-Modified forward (HTTP dates count whole seconds).
    time.sleep(1.1)
    make_program(title="A brand new program")
    response = client.get("/programs/", headers={"if-modified-since": last_modified})
    assert response.status_code == 200
    assert "A brand new program" in response.content.decode()


def test_head_requests_get_validators_and_answer_304(client, seeded):
    response = client.head("/grantees/ario/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert response["ETag"] == client.get("/grantees/ario/")["ETag"]
    since = response["Last-Modified"]
    assert client.head("/grantees/ario/", headers={"if-modified-since": since}).status_code == 304
    etag = response["ETag"]
    assert client.head("/grantees/ario/", headers={"if-none-match": etag}).status_code == 304


def test_shared_caches_keep_html_for_less_time_than_data(client, seeded, settings):
    page = client.get("/budget/")["Cache-Control"]
    data = client.get("/budget.json")["Cache-Control"]
    assert f"s-maxage={settings.CACHE_SECONDS_PAGES}" in page
    assert f"s-maxage={settings.CACHE_SECONDS_DATA}" in data


def test_shared_caches_never_keep_a_page_past_the_next_go_live(client, seeded):
    from datetime import timedelta

    from django.utils import timezone

    make_program(title="Coming soon", published_at=timezone.now() + timedelta(seconds=90))
    directives = {d.strip() for d in client.get("/programs/")["Cache-Control"].split(",")}
    s_maxage = next(int(d.split("=")[1]) for d in directives if d.startswith("s-maxage="))
    assert 0 < s_maxage <= 90


def test_the_admin_is_never_cached(staff_client):
    response = staff_client.get("/admin/login/")
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("ETag")


@pytest.mark.parametrize("url", ["/", "/grantees/ario/", "/budget.json"])
def test_a_signed_in_staff_member_gets_private_no_store(staff_client, seeded, url):
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("ETag")
    assert not response.has_header("Last-Modified")


def test_staff_never_get_a_304(staff_client, seeded):
    etag = Client().get("/grantees/ario/")["ETag"]
    response = staff_client.get("/grantees/ario/", headers={"if-none-match": etag})
    assert response.status_code == 200


def test_errors_and_health_checks_are_not_made_cacheable(client, seeded):
    missing = client.get("/grantees/no-such-grantee/")
    assert missing.status_code == 404
    assert "public" not in missing.get("Cache-Control", "")
    assert "no-store" in client.get("/healthz")["Cache-Control"]


@pytest.fixture
def later(monkeypatch):
    """Move the clock two hours ahead, as if a visitor came back later."""
    import datetime

    from django.utils import timezone

    real_now = timezone.now

    def advance():
        moment = real_now() + datetime.timedelta(hours=2)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return advance


def test_an_expiry_moves_last_modified(client, seeded, later):
    import datetime

    from django.utils import timezone

    make_program(title="Ends soon", expires_at=timezone.now() + datetime.timedelta(hours=1))
    last_modified = client.get("/programs/")["Last-Modified"]
    later()
    response = client.get("/programs/", headers={"if-modified-since": last_modified})
    assert response.status_code == 200
    assert "Ends soon" not in response.content.decode()


def test_an_alert_starting_moves_last_modified(client, seeded, later):
    import datetime

    from django.utils import timezone

    from publishing.models import SiteAlert

    SiteAlert.objects.create(
        message="Offices closed today", starts_at=timezone.now() + datetime.timedelta(hours=1)
    )
    last_modified = client.get("/")["Last-Modified"]
    later()
    response = client.get("/", headers={"if-modified-since": last_modified})
    assert response.status_code == 200
    assert "Offices closed today" in response.content.decode()
