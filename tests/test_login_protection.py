"""Staff sign-in: lock-out after repeated failures, a configurable admin path, and
sessions that end after a working day without activity."""

import importlib
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import axes.attempts
import axes.handlers.proxy
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import clear_url_caches, reverse
from django.utils import timezone

from .conftest import STAFF_PASSWORD, make_staff, page_text, pass_second_factor

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 9, 1, 16, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = NOW

        def move(self, **delta):
            self.now += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    # django-axes imported the clock by name in these two modules.
    monkeypatch.setattr(axes.attempts, "now", lambda: clock.now)
    monkeypatch.setattr(axes.handlers.proxy, "now", lambda: clock.now)
    return clock


def sign_in(client, username, password, address="203.0.113.5"):
    """The password, then (when it was right) the second factor."""
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )
    if signed_in(client):
        pass_second_factor(client, User.objects.get(username=username))
    return response


def signed_in(client):
    return "_auth_user_id" in client.session


def fail(client, username, times, address="203.0.113.5"):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", address)
        assert response.status_code in (200, 429)


def test_the_right_password_still_works_below_the_limit(client, clock):
    user = make_staff("editor")
    fail(client, user.username, settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, user.username, STAFF_PASSWORD).status_code == 302
    assert signed_in(client)


def test_failures_past_the_limit_pause_that_account_from_that_address(client, clock):
    user = make_staff("publisher")
    fail(client, user.username, settings.AXES_FAILURE_LIMIT)
    refused = sign_in(client, user.username, STAFF_PASSWORD)
    assert refused.status_code == 429
    assert (
        "Sign-in is paused for 30 minutes, even with the right password."
        in refused.content.decode()
    )
    assert not signed_in(client)

    clock.move(minutes=29)
    assert sign_in(client, user.username, STAFF_PASSWORD).status_code == 429
    clock.move(minutes=2)
    assert sign_in(client, user.username, STAFF_PASSWORD).status_code == 302
    assert signed_in(client)


def test_failures_from_elsewhere_cannot_lock_a_colleague_out(client, clock):
    user = make_staff("publisher")
    # Someone who knows the username, trying from several addresses: each address is
    # counted on its own, and the owner's own address is untouched.
    for index in range(3):
        fail(client, user.username, settings.AXES_FAILURE_LIMIT, address=f"198.51.100.{index}")
    assert sign_in(client, user.username, STAFF_PASSWORD, address="192.0.2.77").status_code == 302
    assert signed_in(client)


def test_one_persons_typos_on_a_shared_address_pause_only_them(client, clock):
    typist, colleague = make_staff("editor"), make_staff("editor")
    fail(client, typist.username, settings.AXES_FAILURE_LIMIT, address="203.0.113.9")
    assert sign_in(client, typist.username, STAFF_PASSWORD, "203.0.113.9").status_code == 429
    assert sign_in(client, colleague.username, STAFF_PASSWORD, "203.0.113.9").status_code == 302
    assert signed_in(client)


def test_many_failures_from_one_address_pause_it_for_every_username(client, clock):
    victim = make_staff("editor")
    # A few guesses at each of many accounts stays under the per-account limit...
    per_account = settings.AXES_FAILURE_LIMIT - 1
    for index in range(-(-settings.AXES_ADDRESS_FAILURE_LIMIT // per_account)):
        fail(client, f"guess-{index}", per_account, address="203.0.113.9")
    # ...but not under the address's own.
    assert sign_in(client, victim.username, STAFF_PASSWORD, "203.0.113.9").status_code == 429
    assert not signed_in(client)
    assert sign_in(client, victim.username, STAFF_PASSWORD, "203.0.113.10").status_code == 302


def test_a_failed_sign_in_says_how_many_attempts_are_left(client, clock):
    user = make_staff("editor")
    response = sign_in(client, user.username, "wrong-password")
    assert response.status_code == 200
    left = settings.AXES_FAILURE_LIMIT - 1
    assert (
        f"{left} attempts left before sign-in is paused for 30 minutes "
        "for this account from this address." in page_text(response)
    )
    fail(client, user.username, left - 2)
    response = sign_in(client, user.username, "wrong-password")
    assert "1 attempt left before sign-in is paused" in page_text(response)


def test_the_count_is_the_same_for_a_username_that_does_not_exist(client, clock):
    user = make_staff("editor")
    known = page_text(sign_in(client, user.username, "wrong-password"))
    unknown = page_text(sign_in(client, "nobody-by-this-name", "wrong-password"))
    assert known == unknown


def test_behind_the_proxy_the_forwarded_client_address_is_counted(settings):
    from django.test import RequestFactory

    from publishing.security import client_ip

    settings.TRUSTED_PROXY_HOPS = 1
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", REMOTE_ADDR="10.0.0.1"
    )
    assert client_ip(request) == "203.0.113.7"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_ip(request) == "1.2.3.4"


def test_without_a_proxy_a_claimed_forwarded_address_counts_for_nothing(settings):
    from django.test import RequestFactory

    from publishing.security import client_ip

    settings.TRUSTED_PROXY_HOPS = 0
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="9.9.9.9", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.1"


def test_a_staff_session_ends_after_a_working_day_without_activity(client, clock):
    user = make_staff("editor")
    response = sign_in(client, user.username, STAFF_PASSWORD)
    assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60
    index = reverse("admin:index")
    clock.move(hours=7)
    assert client.get(index).status_code == 200
    # Activity keeps the session going past eight hours in total...
    clock.move(hours=4)
    assert client.get(index).status_code == 200
    # ...but eight hours without any ends it.
    clock.move(hours=8, minutes=1)
    response = client.get(index)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_staff_session_ends_twelve_hours_after_signing_in_however_active(client, clock):
    user = make_staff("editor")
    sign_in(client, user.username, STAFF_PASSWORD)
    index = reverse("admin:index")
    for _ in range(4):
        clock.move(hours=3)
        assert client.get(index).status_code == 200
    clock.move(minutes=1)
    response = client.get(index, follow=True)
    assert response.redirect_chain[0][0] == f"{reverse('admin:login')}?next={index}"
    assert "sign-in lasts at most 12 hours" in page_text(response)
    assert not signed_in(client)
    # Signing in again starts a new twelve hours.
    assert sign_in(client, user.username, STAFF_PASSWORD).status_code == 302
    clock.move(hours=7)
    assert client.get(index).status_code == 200


@pytest.fixture
def admin_at(settings):
    def move(path):
        settings.ADMIN_URL = path
        importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
        clear_url_caches()

    yield move
    settings.ADMIN_URL = "admin/"
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()


def test_the_admin_lives_at_the_configured_path(client, admin_at):
    admin_at("city-staff-7k2/")
    assert client.get("/city-staff-7k2/login/").status_code == 200
    assert client.get("/admin/login/").status_code == 404


def test_the_admin_path_is_read_from_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.ADMIN_URL)"
    )

    def admin_url(**env):
        inherited = {key: value for key, value in os.environ.items() if key != "ADMIN_URL"}
        environment = {**inherited, "DJANGO_SETTINGS_MODULE": "pdxsafety.settings.test", **env}
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", script],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    assert admin_url() == "admin/"
    assert admin_url(ADMIN_URL="staff-door/") == "staff-door/"
