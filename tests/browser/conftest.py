"""Real-browser tests: Debian's Chromium driven by Playwright against a live test server.

They need Chromium, Java and the Nu Html Checker (`npm ci`). Where one is missing they
are skipped with one line saying how to install it, unless REQUIRE_BROWSER_TESTS is set
(as CI sets it), in which case every browser test fails instead.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from .checks import VNU_JAR, crawl

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # No page may reach another host: any lookup but the test server's fails.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "screenshots"
WIDTHS = (375, 1280)
NOT_FOUND_PATH = "/no-such-page/"
INSTALL_HINT = "sudo apt-get install chromium default-jre-headless && npm ci"


def _missing_tools():
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append("Chromium")
    if not shutil.which("java"):
        missing.append("Java")
    if not VNU_JAR.exists():
        missing.append("the Nu Html Checker")
    return missing


MISSING = _missing_tools()
REQUIRED = os.environ.get("REQUIRE_BROWSER_TESTS", "") not in ("", "0")
SKIP_MESSAGE = (
    f"Browser tests skipped: {', '.join(MISSING)} not found; install with `{INSTALL_HINT}`."
)
if MISSING and not REQUIRED:
    collect_ignore_glob = ["test_*.py"]


def pytest_terminal_summary(terminalreporter):
    if MISSING and not REQUIRED:
        terminalreporter.write_line(SKIP_MESSAGE, yellow=True)
    for line in terminalreporter.config.stash.get(REPORT_KEY, []):
        terminalreporter.write_line(line)


REPORT_KEY = pytest.StashKey[list]()


@pytest.fixture
def report(pytestconfig):
    """Lines shown at the end of the run (pages checked, page weights)."""
    return pytestconfig.stash.setdefault(REPORT_KEY, [])


@pytest.fixture(scope="session", autouse=True)
def _browser_environment():
    if MISSING:
        pytest.fail(f"REQUIRE_BROWSER_TESTS is set but {', '.join(MISSING)} is missing.")
    # Playwright's sync API keeps an event loop running in the test thread for the whole
    # session, so Django would refuse the ORM calls made here and in the database
    # fixtures' teardown; they are still plain synchronous calls.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's address, with the seed content loaded into its database."""
    call_command("seed", verbosity=0)
    return live_server.url


@pytest.fixture
def crawled(site):
    """Every page reachable by links from the start pages."""
    return crawl(Client())


@pytest.fixture
def audited(crawled):
    """The crawled pages ({path: html}) plus the 404 page, which no link leads to but
    residents do see."""
    response = Client().get(NOT_FOUND_PATH)
    assert response.status_code == 404
    return {**crawled.pages, NOT_FOUND_PATH: response.content.decode()}


@pytest.fixture
def new_page(browser, site):
    """Open a page in a fresh context (so an empty cache), at a given width."""
    contexts = []

    def open_page(width=1280, java_script_enabled=True):
        context = browser.new_context(
            base_url=site,
            viewport={"width": width, "height": 800},
            java_script_enabled=java_script_enabled,
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
