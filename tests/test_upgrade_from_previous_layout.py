"""A database built by the previous code layout migrates forward with nothing lost.

Until commit 30a816f the project package was also the app ``pdxsafety`` (site alerts,
change notes, permanent links, held changes) and budgets lived in the ``grants`` app.
The current migrations take such a database over without moving a table: publishing's
first migration replaces the pdxsafety ones, budget/0001 and grants/0004 move the
budget models in the migration state, and both rename content types.

This runs the previous commit's own code, from ``git archive``, in subprocesses: it
migrates and seeds a database, adds history, a change note, a renamed and a deleted
page, and editors' held changes through its admin, and records what the database holds
and what every public URL answers (``tests/upgrade/snapshot.py``). The current code
then migrates that database and records the same; the two records are compared.

The database is a SQLite file in a temporary directory, or, when the suite runs on
PostgreSQL, a database of its own on the same server, dropped afterwards.

A database that applied only some of the old pdxsafety migrations is refused, with
nothing changed, rather than left without the later columns (see
publishing/migrations/_previous_layout.py).

It needs the previous commit: in a git clone without it (a shallow clone) it fails and
says how to fetch it; in a source tree without git metadata it is skipped.
"""

import io
import json
import os
import secrets
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

pytestmark = pytest.mark.upgrade

ROOT = Path(settings.BASE_DIR)
SCRIPTS = Path(__file__).resolve().parent / "upgrade"
# The last commit with the previous layout.
PREVIOUS = "e739455073a6bbb708c00e432b92d4e92b2c6c46"
TIMEOUT = 300

# Where the moved models' content types belong now (app label by previous app label and
# model); every other content type keeps its app label.
MOVED = {
    ("grants", "budget"): "budget",
    ("grants", "budgetitem"): "budget",
    ("grants", "historicalbudget"): "budget",
    ("grants", "historicalbudgetitem"): "budget",
    ("grants", "historicalbudgetitem_organizations"): "budget",
    ("grants", "historicalbudgetitem_programs"): "budget",
    ("pdxsafety", "sitealert"): "publishing",
    ("pdxsafety", "historicalsitealert"): "publishing",
    ("pdxsafety", "changenote"): "publishing",
    ("pdxsafety", "permanentlink"): "publishing",
    ("pdxsafety", "pendingchange"): "publishing",
}
# Strings a page stopped showing on purpose after the previous layout, by URL, each
# with the reason; any other string a page no longer shows counts as lost.
NO_LONGER_SHOWN: dict[str, set[str]] = {}
# Tables that grow by design: migrate records the new migrations.
GROWING = {"django_migrations"}
# Tables that may gain rows for models added since: each old row is checked instead.
CHECKED_BY_ROW = {"django_content_type", "auth_permission", "auth_group_permissions"}


# --- Running the two code versions ---------------------------------------------------


def previous_tree(destination):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the previous layout's code comes from git history")
    git = shutil.which("git")
    if git is None:
        pytest.fail("git is needed to extract the previous layout's code; install git")
    archive = subprocess.run(  # noqa: S603 - fixed arguments
        [git, "archive", "--format=tar", PREVIOUS],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        pytest.fail(
            f"commit {PREVIOUS[:7]} (the previous layout) is not in this clone: "
            f"{archive.stderr.decode().strip()}\n"
            "A shallow clone lacks it; run `git fetch --unshallow` (or clone without --depth)."
        )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def environment(tree, database_url):
    # Only what a process needs to run: the settings come from these variables alone,
    # whatever the suite's own environment says.
    kept = {"PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "SYSTEMROOT"}
    env = {key: value for key, value in os.environ.items() if key in kept}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "pdxsafety.settings.test",
        "DATABASE_URL": database_url,
        # The tree's own packages, before any installed copy of the project.
        "PYTHONPATH": str(tree),
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
        # Leaves a failure's output to the traceback, without a line per 404.
        "LOG_LEVEL": "ERROR",
    }


def run(tree, database_url, *args, succeed=True):
    result = subprocess.run(  # noqa: S603 - our own scripts with fixed arguments
        [sys.executable, SCRIPTS / "in_tree.py", *map(str, args)],
        cwd=tree,
        env=environment(tree, database_url),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if succeed and result.returncode != 0:
        code = "previous" if tree != ROOT else "current"
        pytest.fail(
            f"`{' '.join(map(str, args))}` failed under the {code} code:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
        )
    return result


class SqliteDatabase:
    """A file in the test's temporary directory, left there for a look after a failure."""

    def __init__(self, path):
        self.url = f"sqlite:///{path}"

    def __enter__(self):
        return self.url

    def __exit__(self, *exc):
        pass


class PostgresDatabase:
    """A database of the test's own on the suite's PostgreSQL server."""

    def __init__(self, url):
        import psycopg

        self.psycopg = psycopg
        self.name = f"upgrade_test_{secrets.token_hex(4)}"
        parts = urlsplit(url)
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        self.server = urlunsplit(parts._replace(path="/postgres"))

    def execute(self, sql):
        with self.psycopg.connect(self.server, autocommit=True) as connection:
            connection.execute(sql)

    def __enter__(self):
        self.execute(f'CREATE DATABASE "{self.name}"')
        return self.url

    def __exit__(self, *exc):
        self.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def suite_database(directory):
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return PostgresDatabase(os.environ["DATABASE_URL"])
    return SqliteDatabase(directory / "site.sqlite3")


@pytest.fixture(scope="module")
def previous_code(tmp_path_factory):
    return previous_tree(tmp_path_factory.mktemp("previous"))


@pytest.fixture(scope="module")
def upgrade(previous_code, tmp_path_factory):
    """The snapshots before and after the current code's ``migrate``."""
    old = previous_code
    directory = tmp_path_factory.mktemp("upgrade")
    with suite_database(directory) as database:
        run(old, database, "manage.py", "migrate", "--noinput", "-v0")
        run(old, database, "manage.py", "seed", "-v0")
        run(old, database, SCRIPTS / "build_previous_content.py")
        run(old, database, SCRIPTS / "snapshot.py", directory / "before.json")

        run(ROOT, database, "manage.py", "migrate", "--noinput", "-v0")
        run(ROOT, database, SCRIPTS / "snapshot.py", directory / "after.json",
            "--baseline", directory / "before.json")  # fmt: skip
        # Nothing left to apply (a missing migration is test_settings.py's concern).
        run(ROOT, database, "manage.py", "migrate", "--check")
    before = json.loads((directory / "before.json").read_text())
    after = json.loads((directory / "after.json").read_text())
    return before, after


# --- The comparisons -----------------------------------------------------------------


def test_the_previous_database_has_what_an_upgrade_could_lose(upgrade):
    before, _ = upgrade
    tables = before["tables"]
    for table in [
        "grants_historicalbudget",
        "grants_historicalbudgetitem",
        "grants_historicalbudgetitem_programs",
        "programs_historicalprogram",
        "pdxsafety_historicalsitealert",
        "pdxsafety_changenote",
        "pdxsafety_permanentlink",
        "django_admin_log",
    ]:
        assert tables[table] > 0, f"the previous code left {table} empty"
    held = {tuple(change["model"]) for change in before["held_changes"]}
    assert {("programs", "program"), ("grants", "budget"), ("grants", "budgetitem")} <= held


def test_every_table_keeps_its_rows(upgrade):
    before, after = upgrade
    resolved = after["resolved_tables"]
    lost, changed = [], []
    for table, count in before["tables"].items():
        if table in CHECKED_BY_ROW:
            continue
        current = resolved.get(table, table)
        now = after["tables"].get(current)
        if current is None:
            lost.append(f"{table} (its model's content type no longer names a model)")
        elif now is None:
            lost.append(f"{table} (now {current}, which does not exist)")
        elif "_historical" in table:
            continue  # checked version by version below
        elif now != count and not (table in GROWING and now > count):
            changed.append(f"{table}: {count} rows before, {now} in {current} after")
    assert not lost, f"tables gone after the upgrade: {lost}"
    assert not changed, "row counts changed:\n" + "\n".join(changed)
    assert set(map(tuple, before["migrations"])) <= set(map(tuple, after["migrations"]))


def test_history_tables_keep_every_version(upgrade):
    before, after = upgrade
    resolved = after["resolved_tables"]
    history = [table for table in before["tables"] if "_historical" in table]
    assert len(history) >= 20
    # The upgrade adds exactly one first version for each row that had none (seeded
    # content), and loses none.
    first_versions = before["rows_without_history"]
    assert sum(first_versions.values()) > 0
    counts = {
        table: (
            before["tables"][table] + first_versions.get(table, 0),
            after["tables"].get(resolved[table]),
        )
        for table in history
    }
    assert {t: c for t, c in counts.items() if c[0] != c[1]} == {}
    assert not any(after["rows_without_history"].values()), after["rows_without_history"]


def test_content_types_move_with_their_models(upgrade):
    before, after = upgrade
    now = {pk: (app_label, model) for pk, app_label, model in after["content_types"]}
    for pk, app_label, model in before["content_types"]:
        assert pk in now, f"content type {app_label}.{model} (id {pk}) was deleted"
        expected = MOVED.get((app_label, model), app_label)
        assert now[pk][0] == expected, f"content type {pk} {app_label}.{model} is now {now[pk]}"
    assert not [row for row in after["content_types"] if row[1] == "pdxsafety"]
    assert after["stale_content_types"] == [], "content types left without a model"


def test_permissions_and_roles_are_kept(upgrade):
    before, after = upgrade
    now = {pk: (content_type, codename) for pk, content_type, codename in after["permissions"]}
    for pk, content_type, codename in before["permissions"]:
        # Renaming a model renames its permissions; the rows and their grants stay.
        codename = codename.replace("pendingchange", "heldchange")
        assert now.get(pk) == (content_type, codename), f"permission {codename} ({pk}) changed"
    for role, permissions in before["groups"].items():
        missing = set(permissions) - set(after["groups"][role])
        assert not missing, f"the {role} role lost permissions {sorted(missing)}"

    sitealert = next(
        pk
        for pk, app, model in after["content_types"]
        if (app, model) == ("publishing", "sitealert")
    )
    publish = [pk for pk, (ct, codename) in now.items() if (ct, codename) == (sitealert, "publish")]
    assert len(publish) == 1
    assert publish[0] in after["groups"]["Publisher"]
    assert publish[0] not in after["groups"]["Editor"]


def test_held_changes_still_point_at_their_items(upgrade):
    before, after = upgrade
    assert after["held_changes"] is not None, "the held-change model's content type is gone"
    # One held change per item: the item identifies it, whatever its id becomes.
    now = {(c["content_type_id"], c["object_id"]): c for c in after["held_changes"]}
    assert len(now) == len(before["held_changes"])
    for change in before["held_changes"]:
        app_label, model = change["model"]
        current = now.get((change["content_type_id"], change["object_id"]))
        assert current is not None, f"the held change to {app_label}.{model} was lost"
        assert current["model"] == [MOVED.get((app_label, model), app_label), model]
        assert current["user"] == change["user"]
        assert current["has_data"]
        if current["summary"] is not None:
            assert current["summary"] == change["summary"]


def test_every_public_url_answers_as_before(upgrade):
    before, after = upgrade
    differences = []
    for url, then in before["pages"].items():
        now = after["pages"][url]
        for fact in ("status", "type", "location"):
            if now[fact] != then[fact]:
                differences.append(f"{url}: {fact} was {then[fact]!r}, now {now[fact]!r}")
        if missing := set(then["shown"]) - set(now["shown"]) - NO_LONGER_SHOWN.get(url, set()):
            differences.append(f"{url}: no longer shows {sorted(missing)}")
        if leaked := set(now["secret"]) - set(then["secret"]):
            differences.append(f"{url}: now shows unpublished {sorted(leaked)}")
    assert not differences, "\n".join(differences)
    # The comparison means something only if the pages showed content.
    assert sum(len(page["shown"]) for page in before["pages"].values()) > 300


def test_staff_still_see_the_held_changes(upgrade):
    before, after = upgrade
    assert before["staff_pages"]
    for name, then in before["staff_pages"].items():
        now = after["staff_pages"][name]
        assert then["status"] == 200 and then["secret"], name
        assert now["url"], f"{name}: the item's content type no longer names a model"
        assert now["status"] == 200, f"{name} ({now['url']}) answers {now['status']}"
        missing = set(then["secret"]) - set(now["secret"])
        assert not missing, f"{name} ({now['url']}) no longer shows {sorted(missing)}"


RECORDED = (
    "from django.db.migrations.recorder import MigrationRecorder as R; "
    "print(sorted(R.Migration.objects.filter(app__in=['budget', 'grants', 'publishing'])"
    ".values_list('app', 'name')))"
)


def test_a_database_part_way_through_the_old_migrations_is_refused_untouched(
    previous_code, tmp_path
):
    # Deployed from a commit before the last pdxsafety migration existed.
    old = previous_code
    with suite_database(tmp_path) as database:
        run(old, database, "manage.py", "migrate", "--noinput", "-v0")
        run(old, database, "manage.py", "migrate", "pdxsafety", "0003", "--noinput", "-v0")

        refused = run(ROOT, database, "manage.py", "migrate", "--noinput", succeed=False)
        assert refused.returncode != 0
        assert "applied the pdxsafety migrations only up to 0003_pending_change" in refused.stderr
        recorded = run(ROOT, database, "manage.py", "shell", "-c", RECORDED).stdout
        assert "budget" not in recorded and "publishing" not in recorded
        assert "0004" not in recorded

        # The two steps the message asks for.
        run(old, database, "manage.py", "migrate", "--noinput", "-v0")
        run(ROOT, database, "manage.py", "migrate", "--noinput", "-v0")
        run(ROOT, database, "manage.py", "migrate", "--check")
