"""Draft, schedule, publish, expire: decided by published() at query time, with no cron."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Grantee
from programs.models import Program

from .conftest import PUBLISH_CONFIRMED, admin_form_data, make_grantee, make_program

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """An injected clock: tests move time forward instead of sleeping."""

    class Clock:
        now = NOW

        def move(self, **delta):
            self.now = self.now + timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def test_state_follows_the_clock(clock):
    program = make_program(
        published_at=NOW + timedelta(hours=2), expires_at=NOW + timedelta(days=1)
    )
    assert program.state == "scheduled"
    assert not Program.objects.published().filter(pk=program.pk).exists()
    clock.move(hours=2)
    assert program.state == "live"
    assert Program.objects.published().filter(pk=program.pk).exists()
    clock.move(days=1)
    assert program.state == "expired"
    assert not Program.objects.published().filter(pk=program.pk).exists()


def test_a_scheduled_program_appears_on_time_and_an_expiry_removes_it(client, clock):
    program = make_program(
        slug="scheduled-program",
        title="Scheduled Program Title",
        published_at=NOW + timedelta(minutes=30),
        expires_at=NOW + timedelta(days=7),
    )
    url = program.get_absolute_url()
    assert client.get(url).status_code == 404
    assert b"Scheduled Program Title" not in client.get("/programs/").content

    clock.move(minutes=30)
    assert client.get(url).status_code == 200
    assert b"Scheduled Program Title" in client.get("/programs/").content
    assert b"Scheduled Program Title" in client.get("/").content

    clock.move(days=7)
    assert client.get(url).status_code == 410
    assert b"Scheduled Program Title" not in client.get("/programs/").content
    assert b"Scheduled Program Title" not in client.get("/").content


def test_in_state_partitions_items(clock):
    draft = make_program(status="draft")
    scheduled = make_program(published_at=NOW + timedelta(days=1))
    live = make_program(published_at=NOW - timedelta(days=1))
    expired = make_program(published_at=NOW - timedelta(days=2), expires_at=NOW)
    for state, item in [
        ("draft", draft),
        ("scheduled", scheduled),
        ("live", live),
        ("expired", expired),
    ]:
        assert list(Program.objects.in_state(state)) == [item], state


def test_admin_lists_state_with_a_filter(clock, publisher_client):
    make_grantee(name="Later Group", published_at=NOW + timedelta(days=3))
    make_grantee(name="Current Group")
    url = reverse("admin:grants_grantee_changelist")
    page = publisher_client.get(url).content.decode()
    assert "Scheduled for Jun 4, 2030 5:00 AM Pacific" in page
    assert "Live" in page
    filtered = publisher_client.get(url, {"state": "scheduled"}).content.decode()
    assert "Later Group" in filtered
    assert "Current Group" not in filtered


def test_publisher_schedules_in_pacific_time_and_the_form_says_so(publisher_client):
    grantee = make_grantee(status="draft")
    url = reverse("admin:grants_grantee_change", args=[grantee.pk])
    form = publisher_client.get(url)
    assert "Pacific time" in form.content.decode()
    data = admin_form_data(form)
    data.update(
        status="published",
        published_at_0="2030-01-15",
        published_at_1="09:00:00",
        expires_at_0="2030-02-15",
        expires_at_1="17:00:00",
    )
    assert publisher_client.post(url, data).status_code == 302
    grantee.refresh_from_db()
    # 9 AM in Portland in January is 17:00 UTC.
    assert grantee.published_at == datetime(2030, 1, 15, 17, 0, tzinfo=UTC)
    assert grantee.expires_at == datetime(2030, 2, 16, 1, 0, tzinfo=UTC)


def test_an_expiry_before_go_live_is_a_form_error(publisher_client):
    grantee = make_grantee()
    url = reverse("admin:grants_grantee_change", args=[grantee.pk])
    data = admin_form_data(publisher_client.get(url))
    data.update(expires_at_0="2001-01-01", expires_at_1="00:00:00")
    response = publisher_client.post(url, data)
    assert response.status_code == 200
    assert "The expiry must be after the go-live time." in response.content.decode()
    grantee.refresh_from_db()
    assert grantee.expires_at is None


def test_publishing_an_expired_item_brings_it_back(clock, publisher_client):
    grantee = make_grantee(published_at=NOW - timedelta(days=2), expires_at=NOW - timedelta(days=1))
    publisher_client.post(
        reverse("admin:grants_grantee_changelist"),
        {"action": "publish", "_selected_action": [grantee.pk], **PUBLISH_CONFIRMED},
    )
    assert Grantee.objects.published().filter(pk=grantee.pk).exists()
