"""Production settings are safe, and refuse to start without what they need."""

import os
import secrets
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command

ROOT = settings.BASE_DIR


def run_manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        # The browser tests allow sync ORM calls under their event loop; production never does.
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 -- our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_with_production_settings_has_no_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="pdxsafety.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="safety.example",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="pdxsafety.settings.prod", ALLOWED_HOSTS="safety.example"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="pdxsafety.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_no_model_change_lacks_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_seed_command_does_not_overwrite_staff_edits(db):
    from programs.models import Program

    call_command("seed", verbosity=0)
    Program.objects.filter(slug="safer-summer-pdx").update(title="Edited by staff")
    call_command("seed", verbosity=0)
    assert Program.objects.get(slug="safer-summer-pdx").title == "Edited by staff"
