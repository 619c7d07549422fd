"""Installs are reproducible: every dependency is pinned with hashes, and used so."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+) \\$", re.MULTILINE)


def pinned(lock):
    text = (ROOT / lock).read_text()
    return {canonicalize_name(name) for name, _ in PIN.findall(text)}, text


def names(requirements):
    return {canonicalize_name(Requirement(line).name) for line in requirements}


@pytest.mark.parametrize(
    ("lock", "required"),
    [
        ("requirements.lock", PROJECT["dependencies"]),
        (
            "requirements-test.lock",
            PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"],
        ),
    ],
)
def test_each_lock_pins_every_dependency_with_its_hashes(lock, required):
    locked, text = pinned(lock)
    assert names(required) <= locked
    # Each pin is followed by at least one hash, or pip --require-hashes refuses the file.
    for block in re.split(r"\n(?=\S)", text):
        if "==" in block.split("\n", 1)[0]:
            assert "--hash=sha256:" in block, block


def test_the_image_and_make_install_from_the_locks_with_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "pip install --no-deps --editable ." in dockerfile
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements-test.lock" in makefile
    assert "$(STAMP): pyproject.toml requirements-test.lock" in makefile
