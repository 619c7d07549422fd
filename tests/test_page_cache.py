"""The page cache: hits cost nothing, every change shows at once, staff never mix in."""

import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from budget.models import BudgetItem
from portal import page_cache
from programs.models import Program
from publishing import workflow
from publishing.models import ChangeNote, SiteAlert
from tests.conftest import (
    MODEL_BACKEND,
    DatabaseFault,
    admin_form_data,
    make_program,
    make_staff,
)

NOW = datetime(2030, 3, 1, 18, 0, tzinfo=UTC)


@pytest.fixture
def cached(settings, seeded):
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Changes made in a test commit as they would in a request: the bump runs."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


PUBLIC = [
    "/",
    "/programs/",
    "/programs/safer-summer-pdx/",
    "/grantees/ario/",
    "/grantees/ario.json",
    "/budget/",
    "/budget.csv",
    "/updates.atom",
    "/events.ics",
    "/sitemap.xml",
    "/search/?q=gun+violence",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_a_hit_costs_no_query_and_no_session_work(cached, client, url, django_assert_num_queries):
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert not hasattr(again.wsgi_request, "session")
    assert not again.cookies


def test_a_hit_answers_conditional_requests(cached, client, django_assert_num_queries):
    first = client.get("/programs/")
    with django_assert_num_queries(0):
        by_etag = client.get("/programs/", headers={"if-none-match": first["ETag"]})
        by_date = client.head("/programs/", headers={"if-modified-since": first["Last-Modified"]})
        head = client.head("/programs/")
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert head["ETag"] == first["ETag"]


# --- Every kind of change shows at once ------------------------------------------------


def psr():
    return Program.objects.get(slug="portland-street-response")


def test_a_save_shows_at_once(cached, client, committing):
    assert "Renamed program" not in text(client, "/programs/")

    def rename():
        program = psr()
        program.title = "Renamed program"
        program.save()

    committing(rename)
    assert "Renamed program" in text(client, "/programs/")


def test_publish_and_unpublish_show_at_once(cached, client, committing):
    publisher = make_staff("publisher")
    draft = make_program(title="Fresh draft program", status="draft")
    assert "Fresh draft program" not in text(client, "/programs/")
    committing(lambda: workflow.publish(draft, publisher))
    assert "Fresh draft program" in text(client, "/programs/")
    committing(lambda: workflow.unpublish(Program.objects.get(pk=draft.pk), publisher))
    assert "Fresh draft program" not in text(client, "/programs/")


def test_an_applied_held_change_shows_at_once(cached, client, committing):
    editor, publisher = make_staff("editor"), make_staff("publisher")
    program = psr()
    held = workflow.hold(program, {"title": "Applied title"}, {"title": program.title}, editor)
    url = "/programs/portland-street-response/"
    assert "Applied title" not in text(client, url)
    committing(lambda: workflow.apply(held, publisher))
    assert "Applied title" in text(client, url)


def test_a_restore_shows_at_once(cached, client, committing):
    program = psr()
    first = program.history.earliest("history_date")
    program.title = "Mistaken title"
    committing(program.save)
    assert "Mistaken title" in text(client, "/programs/")
    committing(lambda: workflow.restore(first, make_staff("publisher")))
    assert "Mistaken title" not in text(client, "/programs/")


def test_a_delete_and_a_slug_change_show_at_once(cached, client, committing):
    program = make_program(slug="short-lived", title="Short lived")
    assert text(client, "/programs/short-lived/")

    def rename():
        program.slug = "renamed-slug"
        program.save()

    committing(rename)
    assert client.get("/programs/short-lived/").status_code == 301
    assert client.get("/programs/renamed-slug/").status_code == 200
    committing(Program.objects.get(pk=program.pk).delete)
    assert client.get("/programs/renamed-slug/").status_code == 410
    assert "Short lived" not in text(client, "/programs/")


def test_a_site_alert_shows_at_once(cached, client, committing):
    assert "311 lines are down" not in text(client, "/")
    alert = committing(lambda: SiteAlert.objects.create(message="311 lines are down"))
    assert "311 lines are down" in text(client, "/")
    alert.is_on = False
    committing(alert.save)
    assert "311 lines are down" not in text(client, "/")


def test_links_and_change_notes_show_at_once(cached, client, committing):
    item = BudgetItem.objects.published().first()
    program = make_program(slug="newly-funded", title="Newly funded")
    url = "/budget.json"
    assert program.get_absolute_url() not in text(client, url)
    committing(lambda: item.programs.add(program))
    assert program.get_absolute_url() in text(client, url)
    committing(lambda: ChangeNote.record(program, "Hours extended to nights.", timezone.now()))
    assert "Hours extended to nights." in text(client, "/updates.atom")


def test_a_change_through_the_admin_shows_at_once(cached, client, committing):
    program = psr()
    url = reverse("admin:programs_program_change", args=[program.pk])
    assert text(client, "/programs/portland-street-response/")
    staff = Client()
    staff.force_login(make_staff("publisher"), backend=MODEL_BACKEND)
    data = admin_form_data(staff.get(url))
    saved = committing(lambda: staff.post(url, {**data, "summary": "Changed in the admin."}))
    assert saved.status_code == 302
    assert "Changed in the admin." in text(client, "/programs/portland-street-response/")


def test_a_scheduled_go_live_and_an_expiry_show_on_time(cached, client, clock):
    make_program(title="Scheduled program", published_at=NOW + timedelta(minutes=10))
    make_program(title="Expiring program", expires_at=NOW + timedelta(minutes=20))
    page = text(client, "/programs/")
    assert "Scheduled program" not in page and "Expiring program" in page

    clock.now = NOW + timedelta(minutes=9, seconds=59)
    assert "Scheduled program" not in text(client, "/programs/")
    clock.now = NOW + timedelta(minutes=10)
    assert "Scheduled program" in text(client, "/programs/")
    clock.now = NOW + timedelta(minutes=20)
    assert "Expiring program" not in text(client, "/programs/")


def test_an_alert_starts_and_ends_on_time(cached, client, clock):
    SiteAlert.objects.create(
        message="Road closures downtown",
        starts_at=NOW + timedelta(minutes=5),
        ends_at=NOW + timedelta(minutes=15),
    )
    assert "Road closures downtown" not in text(client, "/")
    clock.now = NOW + timedelta(minutes=5)
    assert "Road closures downtown" in text(client, "/")
    clock.now = NOW + timedelta(minutes=15)
    assert "Road closures downtown" not in text(client, "/")


def test_a_change_made_by_another_process_shows_at_once(settings, seeded, client, tmp_path):
    """The generation lives in the cache every server shares, not in one process."""
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    assert "Renamed elsewhere" not in text(client, "/programs/")
    # The row changes without a signal here, as it would in another server's process.
    Program.objects.filter(slug="portland-street-response").update(title="Renamed elsewhere")
    assert "Renamed elsewhere" not in text(client, "/programs/")

    bump = "import django; django.setup(); from portal.page_cache import invalidate; invalidate()"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pdxsafety.settings.dev",
        "CACHE_DIR": str(tmp_path),
        "REDIS_URL": "",
    }
    subprocess.run(  # noqa: S603 -- our own interpreter and a fixed script
        [sys.executable, "-c", bump],
        check=True,
        cwd=django_settings.BASE_DIR,
        env=environment,
        timeout=60,
    )
    assert "Renamed elsewhere" in text(client, "/programs/")


# --- Staff and previews never mix with the anonymous cache ------------------------------


def test_staff_are_never_served_or_stored_in_the_cache(cached, client):
    draft = make_program(slug="secret-draft", title="Secret draft", status="draft")
    staff = Client()
    staff.force_login(make_staff("editor"), backend=MODEL_BACKEND)
    anonymous_first = client.get("/programs/")
    assert "Secret draft" not in anonymous_first.content.decode()

    preview = staff.get("/programs/secret-draft/")
    assert preview.status_code == 200
    assert preview["Cache-Control"] == "private, no-store"
    listing = staff.get("/programs/")
    assert listing["Cache-Control"] == "private, no-store"
    assert not listing.has_header("ETag")

    assert client.get("/programs/secret-draft/").status_code == 404
    assert "Secret draft" not in text(client, "/programs/")
    assert draft.pk


def test_a_held_change_preview_is_never_cached(cached, client):
    program = psr()
    workflow.hold(program, {"title": "Held title"}, {"title": program.title}, make_staff("editor"))
    staff = Client()
    staff.force_login(make_staff("publisher"), backend=MODEL_BACKEND)
    url = "/programs/portland-street-response/?draft_change=1"
    assert "Held title" in staff.get(url).content.decode()
    assert "Held title" not in text(client, url)
    assert "Held title" not in text(client, "/programs/portland-street-response/")


# --- Crowds and faults -----------------------------------------------------------------


def test_a_stampede_of_misses_renders_the_page_once(settings):
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    renders = []
    lock = threading.Lock()

    def slow_page(request):
        with lock:
            renders.append(request.path)
        threading.Event().wait(0.2)
        response = HttpResponse("<p>Rendered</p>")
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response

    middleware = page_cache.PageCacheMiddleware(slow_page)
    start = threading.Barrier(100)
    results = []

    def visit():
        request = RequestFactory().get("/programs/")
        start.wait()
        results.append(middleware(request).status_code)

    threads = [threading.Thread(target=visit) for _ in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 100
    assert len(renders) <= 3, len(renders)


def test_with_the_database_down_cached_pages_are_served_stale_and_others_get_503(cached):
    visitor = Client(raise_request_exception=False)
    fresh = visitor.get("/programs/")
    page_cache.invalidate()  # content changed: the copy is no longer current
    fault = DatabaseFault()
    fault.start()
    try:
        stale = visitor.get("/programs/")
        never_cached = visitor.get("/budget/")
    finally:
        fault.stop()
    assert stale.status_code == 200
    assert stale.content == fresh.content
    assert int(stale["Age"]) >= 0
    assert never_cached.status_code == 503
    assert int(never_cached["Retry-After"]) > 0
    assert visitor.get("/budget/").status_code == 200  # back without a restart


def test_while_the_database_was_just_seen_down_stored_copies_skip_it(cached, monkeypatch):
    visitor = Client(raise_request_exception=False)
    fresh = visitor.get("/programs/")
    page_cache.invalidate()
    fault = DatabaseFault()
    fault.start()
    try:
        assert visitor.get("/budget/").status_code == 503
        attempts = []
        monkeypatch.setattr(
            page_cache.PageCacheMiddleware, "render", lambda *args: attempts.append(args)
        )
        stale = visitor.get("/programs/")
    finally:
        fault.stop()
    assert stale.content == fresh.content and stale.has_header("Age")
    assert attempts == []  # answered without waiting on the database


def test_pages_keep_working_when_the_cache_is_unreachable(settings, seeded, client, caplog):
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 9: the cache is down.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    caches._settings = None
    page_cache._last_complaint = 0.0
    assert "Portland Street Response" in text(client, "/programs/")
    assert client.get("/budget.csv").status_code == 200
    assert "Page cache unavailable" in caplog.text


def test_an_invalidation_missed_while_the_cache_was_down_happens_when_it_is_back(
    cached, client, monkeypatch
):
    assert "Renamed offline" not in text(client, "/programs/")
    Program.objects.filter(slug="portland-street-response").update(title="Renamed offline")

    def down(*args, **kwargs):
        raise page_cache.CacheDown

    with monkeypatch.context() as patch:
        patch.setattr(page_cache, "safely", down)
        page_cache.invalidate()
    assert "Renamed offline" in text(client, "/programs/")


def redis_available():
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.2).ping()
    except Exception:
        return False
    return True


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_servers_sharing_redis_see_each_others_changes(settings, seeded, client, committing):
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
        },
        "other_server": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
        },
    }
    caches["default"].clear()
    assert "Shared title" not in text(client, "/programs/")
    Program.objects.filter(slug="portland-street-response").update(title="Shared title")
    settings.PAGE_CACHE_ALIAS = "other_server"
    page_cache.invalidate()  # what the other server does on commit
    settings.PAGE_CACHE_ALIAS = "default"
    assert "Shared title" in text(client, "/programs/")
    caches["default"].clear()


def test_a_new_release_never_serves_the_last_ones_pages(cached, client, settings):
    page_cache.release.cache_clear()
    settings.RELEASE = "one"
    first = text(client, "/programs/")
    Program.objects.filter(slug="safer-summer-pdx").update(title="Quietly Renamed")
    # The same release serves its stored copy (the update above skipped invalidation)...
    assert text(client, "/programs/") == first
    # ...a deploy of another release renders afresh.
    settings.RELEASE = "two"
    page_cache.release.cache_clear()
    assert "Quietly Renamed" in text(client, "/programs/")
    page_cache.release.cache_clear()


def test_without_a_named_release_the_code_fingerprint_names_it(settings):
    settings.RELEASE = ""
    page_cache.release.cache_clear()
    fingerprint = page_cache.release()
    assert len(fingerprint) == 12 and fingerprint == page_cache.release()
    page_cache.release.cache_clear()
