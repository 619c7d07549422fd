"""With the database down or hung, pages answer a 503 that says what to do, never a 500,
within seconds, and the site recovers by itself when the database returns."""

import json
import logging
import os
import runpy
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, connections
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone

from pdxsafety.settings.base import database_settings
from portal import faults, views
from publishing.models import SiteAlert

from .conftest import REFUSED, DatabaseFault

ROOT = settings.BASE_DIR
ON_POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def outage(monkeypatch):
    """A fresh outage log, as in a new worker."""
    fresh = faults.Outage()
    monkeypatch.setattr(faults, "outage", fresh)
    return fresh


@pytest.fixture(params=[True, False], ids=["atomic-requests", "autocommit"])
def atomic_requests(request, monkeypatch):
    """Production wraps each request in a transaction (the test settings do not), so the
    failure comes before the view; without it, at the view's first query."""
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", request.param)
    return request.param


@pytest.fixture
def database_down(seeded, atomic_requests):
    fault = DatabaseFault()
    fault.start()
    yield fault
    fault.stop()


@pytest.fixture
def visitor():
    # A failure in middleware reaches Django's handler500, which signals the exception;
    # the test client would re-raise it instead of returning what a browser gets.
    return Client(raise_request_exception=False)


def assert_is_the_503_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "The site is having trouble reaching its information" in body
    assert "try again in a minute" in body
    assert 'In an emergency, call <a href="tel:911">9-1-1</a>.' in body
    assert "call 3-1-1" in body


PAGES = [
    "/",
    "/programs/",
    "/programs/safer-summer-pdx/",
    "/grantees/ario/",
    "/budget/",
    "/budget.csv",
    "/index.json",
    "/search/?q=311",
    "/updates.atom",
    "/sitemap.xml",
    "/no-such-page/",
]


# --- Database down -------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_503_not_500_when_the_database_is_down(visitor, database_down, url):
    assert_is_the_503_page(visitor.get(url))


def test_a_view_failure_is_answered_by_the_middleware_not_handler500(client, database_down):
    # The default client re-raises any exception that reached handler500.
    assert_is_the_503_page(client.get("/programs/"))


def test_head_requests_get_503_too(visitor, database_down):
    response = visitor.head("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_a_signed_in_editor_gets_503_when_the_session_cannot_be_read(editor_client, seeded, outage):
    # The session and the user are read in middleware, after the view already failed.
    editor_client.raise_request_exception = False
    fault = DatabaseFault()
    fault.start()
    try:
        public = editor_client.get("/")
        admin = editor_client.get("/admin/")
    finally:
        fault.stop()
    assert_is_the_503_page(public)
    assert_is_the_503_page(admin)
    assert outage.failures == 2


def test_a_failure_in_the_http_caching_middleware_answers_503(visitor, seeded, monkeypatch):
    # The view succeeded; the response's Last-Modified query then fails.
    def unreachable():
        raise OperationalError(REFUSED)

    monkeypatch.setattr("portal.caching.content_state", unreachable)
    assert_is_the_503_page(visitor.get("/programs/"))


def test_other_errors_still_answer_500(visitor, seeded, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug, not the database")

    monkeypatch.setattr("portal.views.HomeView.get_context_data", broken)
    response = visitor.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_503_page_reads_no_database_even_with_an_alert_on(seeded, django_assert_num_queries):
    SiteAlert.objects.create(
        message="311 phone lines are down", starts_at=timezone.now() - timedelta(hours=1)
    )
    with django_assert_num_queries(0):
        response = faults.database_unavailable(HttpRequest(), OperationalError(REFUSED))
    assert_is_the_503_page(response)
    assert "311 phone lines are down" not in response.content.decode()


def test_the_middleware_wraps_everything_that_reads_the_database():
    middleware = settings.MIDDLEWARE
    position = middleware.index("portal.faults.DatabaseUnavailableMiddleware")
    assert middleware[:position] == [
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
        "portal.security.PermissionsPolicyMiddleware",
        "portal.security.RequestSizeLimitMiddleware",
    ]


# --- Logging -------------------------------------------------------------------------


def test_an_outage_is_logged_in_one_line_without_tracebacks(visitor, database_down, caplog):
    caplog.set_level(logging.INFO)
    for _ in range(20):
        visitor.get("/programs/")
        visitor.get("/no-such-page/")
    errors = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record.getMessage() for record in errors] == [
        f"Database unavailable, answering 503: OperationalError: {REFUSED} (requests: 1)"
    ]
    assert errors[0].name == "portal.faults"
    assert errors[0].exc_info is None


def test_the_log_counts_a_long_outage_once_a_minute_and_says_when_it_ended(caplog):
    clock = type("Clock", (), {"now": 0.0})
    outage = faults.Outage(clock=lambda: clock.now)
    error = OperationalError("connection timeout expired")
    caplog.set_level(logging.INFO, logger="portal.faults")
    for second in range(0, 150):
        clock.now = float(second)
        outage.failed(error)
        outage.failed(error)
    clock.now = 150.0
    outage.ended()
    assert [record.getMessage() for record in caplog.records] == [
        "Database unavailable, answering 503: OperationalError: connection timeout expired"
        " (requests: 1)",
        "Database still unavailable after 60s: OperationalError: connection timeout expired"
        " (requests answered 503 since: 120)",
        "Database still unavailable after 120s: OperationalError: connection timeout expired"
        " (requests answered 503 since: 120)",
        "Database reachable again after 150s (requests answered 503: 300)",
    ]


def test_a_flapping_database_is_logged_at_most_once_a_minute(caplog):
    clock = type("Clock", (), {"now": 0.0})
    outage = faults.Outage(clock=lambda: clock.now)
    error = OperationalError("canceling statement due to statement timeout")
    caplog.set_level(logging.INFO, logger="portal.faults")
    for second in range(0, 90):
        clock.now = float(second)
        outage.failed(error)
        outage.ended()
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "Database unavailable, answering 503: OperationalError: canceling statement due to"
        " statement timeout (requests: 1)",
        "Database reachable again after 0s (requests answered 503: 1)",
        "Database unavailable, answering 503: OperationalError: canceling statement due to"
        " statement timeout (requests: 60)",
        "Database reachable again after 0s (requests answered 503: 1)",
    ]


# --- Recovery ------------------------------------------------------------------------


def test_the_site_recovers_without_a_restart(visitor, database_down, caplog):
    caplog.set_level(logging.INFO, logger="portal.faults")
    assert visitor.get("/").status_code == 503
    database_down.stop()
    response = visitor.get("/")
    assert response.status_code == 200
    assert "Community Safety" in response.content.decode()
    assert caplog.records[-1].getMessage() == (
        "Database reachable again after 0s (requests answered 503: 1)"
    )


def kill_backend():
    """End the server side of the kept connection, as a database restart does."""
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            for _ in range(50):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    return
                time.sleep(0.1)
    finally:
        other.close()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="kills a PostgreSQL server process")
@pytest.mark.parametrize("health_checks", [True, False], ids=["health-checks", "no-checks"])
def test_a_kept_connection_broken_by_a_database_restart_is_replaced(
    visitor, transactional_db, seeded, monkeypatch, health_checks
):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", health_checks)
    connection.close()
    try:
        assert visitor.get("/").status_code == 200
        # The test client leaves connections alone; a server runs this around each request.
        close_old_connections()
        kill_backend()
        close_old_connections()
        first = visitor.get("/")
        close_old_connections()
        second = visitor.get("/")
    finally:
        connection.close()
    # With the check (production), the dead connection is replaced before it is used;
    # without, the one request that finds it dead answers 503 and drops it.
    assert first.status_code == (200 if health_checks else 503)
    assert second.status_code == 200


# --- /healthz ------------------------------------------------------------------------


def test_healthz_answers_503_json_when_the_database_is_down(visitor, database_down):
    response = visitor.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_runs_outside_the_request_transaction():
    assert "default" in views.healthz._non_atomic_requests


def test_healthz_is_ok_again_when_the_database_returns(visitor, database_down):
    assert visitor.get("/healthz").status_code == 503
    database_down.stop()
    assert visitor.get("/healthz").json() == {"status": "ok"}


# --- Time limits ---------------------------------------------------------------------

POSTGRES_URL = "postgres://app@db.internal:5432/pdxsafety"


@pytest.fixture
def no_timeout_env(monkeypatch):
    monkeypatch.delenv("DB_CONNECT_TIMEOUT", raising=False)
    monkeypatch.delenv("DB_STATEMENT_TIMEOUT_MS", raising=False)


def test_postgresql_gets_a_connect_and_a_statement_timeout(no_timeout_env):
    options = database_settings(POSTGRES_URL)["OPTIONS"]
    assert options == {"connect_timeout": 3, "options": "-c statement_timeout=5000"}


def test_the_timeouts_come_from_the_environment(no_timeout_env, monkeypatch):
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "7")
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT_MS", "1500")
    options = database_settings(POSTGRES_URL)["OPTIONS"]
    assert options == {"connect_timeout": 7, "options": "-c statement_timeout=1500"}


def test_options_in_the_database_url_are_kept(no_timeout_env):
    url = POSTGRES_URL + "?connect_timeout=10&sslmode=require&options=-c%20search_path%3Dsite"
    options = database_settings(url)["OPTIONS"]
    assert options == {
        "connect_timeout": 10,
        "sslmode": "require",
        "options": "-c search_path=site -c statement_timeout=5000",
    }


def test_sqlite_gets_no_postgresql_options(no_timeout_env):
    assert "OPTIONS" not in database_settings("sqlite:///db.sqlite3")


def settings_of(module, **environment):
    """DATABASES as a fresh process with this environment loads them."""
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'], default=str))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DB_", "CONN_"))}
    env.update(DJANGO_SETTINGS_MODULE=module, **environment)
    result = subprocess.run(  # noqa: S603 -- our own settings, fixed arguments
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_keeps_checked_connections_with_time_limits():
    database = settings_of(
        "pdxsafety.settings.prod",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="safety.example",
        DATABASE_URL=POSTGRES_URL,
    )
    assert database["ATOMIC_REQUESTS"] is True
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["OPTIONS"] == {"connect_timeout": 3, "options": "-c statement_timeout=5000"}


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL's own setting")
def test_the_database_session_has_the_configured_time_limits(db):
    options = settings.DATABASES["default"]["OPTIONS"]
    milliseconds = int(options["options"].rsplit("statement_timeout=", 1)[1])
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        shown = cursor.fetchone()[0]
        cursor.execute("SELECT %s::interval = %s * interval '1 millisecond'", [shown, milliseconds])
        assert cursor.fetchone()[0], f"statement_timeout is {shown}"
    assert connection.get_connection_params()["connect_timeout"] == options["connect_timeout"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="needs a table lock held by another session")
def test_a_page_stuck_on_a_lock_answers_503_after_the_statement_timeout(
    visitor, transactional_db, seeded
):
    other = connections.create_connection("default")
    other.ensure_connection()
    try:
        other.connection.execute("BEGIN")
        other.connection.execute("LOCK TABLE programs_program IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 500")
        started = time.monotonic()
        stuck = visitor.get("/programs/")
        waited = time.monotonic() - started
        other.connection.execute("ROLLBACK")
        after = visitor.get("/programs/")
    finally:
        other.close()
        connection.close()
    assert_is_the_503_page(stuck)
    assert 0.4 < waited < 3
    assert after.status_code == 200


# --- A real server process against a database that is not there -----------------------

PROBE = """
import json, time, django
django.setup()
from django.http import HttpRequest
from django.test import Client
client = Client(raise_request_exception=False)
answers = []
for url in ["/", "/programs/", "/healthz"]:
    started = time.monotonic()
    response = client.get(url)
    answers.append([url, response.status_code, response.get("Retry-After"),
                    time.monotonic() - started])
print(json.dumps(answers))
"""


def probe(database_url, **environment):
    """Production's settings (minus HTTPS and hashed static files, which need a build):
    request transactions, kept connections, time limits."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DB_", "CONN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="pdxsafety.settings.dev",
        DEBUG="false",
        ALLOWED_HOSTS="testserver",
        CONN_MAX_AGE="60",
        DATABASE_URL=database_url,
        **environment,
    )
    result = subprocess.run(  # noqa: S603 -- our own script, fixed arguments
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1]), result.stderr


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    "database_url",
    [f"postgres://postgres@127.0.0.1:{free_port()}/gone", "sqlite:////nonexistent/dir/db.sqlite3"],
    ids=["postgresql-refused", "sqlite-missing"],
)
def test_a_server_without_its_database_answers_503_at_once(database_url):
    answers, log = probe(database_url)
    assert [(url, status, retry) for url, status, retry, _ in answers] == [
        ("/", 503, "30"),
        ("/programs/", 503, "30"),
        ("/healthz", 503, None),
    ]
    assert all(seconds < 2 for *_, seconds in answers)
    assert "Traceback" not in log
    assert log.count("Database unavailable, answering 503") == 1


@pytest.fixture
def hung_database():
    """A host that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []

    def accept():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"postgres://postgres@127.0.0.1:{server.getsockname()[1]}/hung"
    server.close()
    for sock in held:
        sock.close()


def test_a_hung_database_host_fails_the_request_after_the_connect_timeout(hung_database):
    # 2 s is the least the driver allows.
    answers, log = probe(hung_database, DB_CONNECT_TIMEOUT="2")
    assert [status for _, status, _, _ in answers] == [503, 503, 503]
    # Without the limit the driver waits 130 s: gunicorn kills the worker first (30 s).
    assert all(1.9 < seconds < 6 for *_, seconds in answers)
    assert "connection timeout expired" in log


# --- gunicorn ------------------------------------------------------------------------


def gunicorn_config(monkeypatch, **environment):
    for name in ("PORT", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_takes_its_port_and_workers_from_the_environment(monkeypatch):
    config = gunicorn_config(monkeypatch, PORT="9000", WEB_CONCURRENCY="4")
    assert config["bind"] == "0.0.0.0:9000"
    assert config["workers"] == 4


def test_gunicorn_defaults_to_two_workers_per_core_plus_one(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    config = gunicorn_config(monkeypatch)
    assert config["bind"] == "0.0.0.0:8000"
    assert config["workers"] == 5


def test_gunicorn_limits_requests_and_trusts_only_its_proxy_headers(monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert config["timeout"] == 30
    assert config["graceful_timeout"] == 30
    assert config["max_requests"] >= 10000
    assert 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["preload_app"] is True
    assert config["accesslog"] == "-"
    assert config["forwarded_allow_ips"] == "*"


def test_the_image_runs_gunicorn_with_its_config_file():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py", "pdxsafety.wsgi"]' in dockerfile


def test_gunicorn_accepts_the_config_and_loads_the_app():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="pdxsafety.settings.prod",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="safety.example",
        PORT="8000",
    )
    result = subprocess.run(  # noqa: S603 -- the project's gunicorn, fixed arguments
        [gunicorn, "--check-config", "-c", "gunicorn.conf.py", "pdxsafety.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
