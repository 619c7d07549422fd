"""Refuse a database that applied only some of the old ``pdxsafety`` migrations.

publishing/0001 replaces them and counts as applied only when all of them are. On a
database that stopped part way (deployed from a commit before the last of them),
Django drops publishing/0001 from the plan and the replaced files are gone, so
``migrate`` would report success while the tables lack the later columns and every
page fails. The migrations that run on such a database call this first, so it stops
before anything is changed. (The loader skips modules whose names start with "_".)
"""

from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.recorder import MigrationRecorder

REPLACED = ["0001_initial", "0002_roles", "0003_pending_change", "0004_site_alert_updated_at"]


def refuse_partial_pdxsafety_history(apps, schema_editor):
    applied = MigrationRecorder(schema_editor.connection).applied_migrations()
    done = [name for name in REPLACED if ("pdxsafety", name) in applied]
    if done and len(done) < len(REPLACED):
        missing = [name for name in REPLACED if name not in done]
        raise InconsistentMigrationHistory(
            f"This database applied the pdxsafety migrations only up to {done[-1]} "
            f"(missing: {', '.join(missing)}). Upgrade in two steps: run `manage.py "
            "migrate` with commit e739455 (the last with the pdxsafety app) first, "
            "then with this version."
        )
