"""On PostgreSQL a database that is down or hung fails a request within seconds:
connections and statements have time limits."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from pdxsafety.settings.base import database_settings

ROOT = settings.BASE_DIR
ON_POSTGRESQL = connection.vendor == "postgresql"


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
