"""The import contracts in pyproject.toml hold, and they catch an import across a layer.

Each check runs `lint-imports` in a fresh process: it finds the packages to analyse
through the import system, so a copy of the project in a temporary folder is seen
only by a process started there.
"""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LAYERS, PUBLISHING_CORE = (contract["name"] for contract in CONFIG["contracts"])
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"


def lint_imports(folder):
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache"],
        cwd=folder,
        # Wide enough that no contract's name is wrapped in the report.
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


def copy_of_the_project(folder):
    for package in CONFIG["root_packages"]:
        shutil.copytree(
            ROOT / package, folder / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", folder)


def test_the_project_keeps_its_import_contracts():
    status, report = lint_imports(ROOT)
    assert status == 0, report
    assert f"{LAYERS} KEPT" in report
    assert f"{PUBLISHING_CORE} KEPT" in report


@pytest.mark.parametrize(
    ("package", "statement", "broken"),
    [
        ("publishing", "from programs.models import Program", {LAYERS, PUBLISHING_CORE}),
        ("publishing", "import portal.search", {LAYERS, PUBLISHING_CORE}),
        ("partners", "from grants.models import Grantee", {LAYERS}),
        ("grants", "from programs.models import Program", {LAYERS}),
        ("budget", "from portal import search", {LAYERS}),
        ("portal", "from pdxsafety import urls", {LAYERS}),
        ("publishing", "from glossary.models import Term", {LAYERS, PUBLISHING_CORE}),
        ("glossary", "from partners.models import Organization", {LAYERS}),
        ("publishing", "import feedback.models", {LAYERS, PUBLISHING_CORE}),
        ("feedback", "import portal.search", {LAYERS}),
    ],
)
def test_a_wrong_import_breaks_a_contract(tmp_path, package, statement, broken):
    copy_of_the_project(tmp_path)
    (tmp_path / package / "wrong_import.py").write_text(f"{statement}\n")
    status, report = lint_imports(tmp_path)
    assert status == 1, report
    for contract in {LAYERS, PUBLISHING_CORE}:
        expected = "BROKEN" if contract in broken else "KEPT"
        assert f"{contract} {expected}" in report, report
    assert f"{package}.wrong_import" in report
