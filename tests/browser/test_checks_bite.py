"""Each check catches what it is there to catch: a deliberately broken page is fed to the
same runners the crawl uses, and every problem must be reported."""

from django.http import HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.test import Client

from .checks import audit_accessibility, crawl, validate_html
from .loading import load

BROKEN_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Broken on purpose</title></head>
<body>
<main>
  <h1>Broken on purpose</h1>
  <img src="/static/img/favicon.svg" width="32" height="32">
  <p id="twice">First</p>
  <p id="twice">Second</p>
  <p style="color: red">Styled inline</p>
  <script>document.title = "inline script ran";</script>
  <form action="/search/"><input type="text" name="q"><button>Search</button></form>
</main>
</body>
</html>
"""


def test_axe_reports_the_missing_alt_and_the_missing_label(new_page):
    page = new_page()
    page.set_content(BROKEN_PAGE)
    rules = {violation["rule"] for violation in audit_accessibility(page)}
    assert {"image-alt", "label"} <= rules


def test_the_html_checker_reports_the_missing_alt_and_the_duplicate_id():
    errors = validate_html({"broken": BROKEN_PAGE, "valid": _valid_page()})
    assert errors["valid"] == []
    assert any("img" in error and "alt" in error for error in errors["broken"]), errors
    assert any("Duplicate ID" in error for error in errors["broken"]), errors


def test_the_console_check_reports_inline_script_and_style(new_page, site):
    # Served from the site's own origin with the site's own policy header.
    policy = Client().get("/")["Content-Security-Policy"]
    page = new_page()
    page.route(
        f"{site}/broken/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body=BROKEN_PAGE,
            headers={"Content-Security-Policy": policy},
        ),
    )
    loaded = load(page, site, "/broken/")
    violations = loaded.csp_violations()
    assert any("inline script" in text for text in violations), violations
    assert any("inline style" in text for text in violations), violations
    assert page.title() == "Broken on purpose"


def test_the_network_check_reports_a_third_party_request(new_page, site):
    page = new_page()
    page.route(
        f"{site}/tracked/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body='<!doctype html><title>t</title><img src="https://tracker.example/p.gif" alt="">',
        ),
    )
    loaded = load(page, site, "/tracked/")
    assert loaded.third_party() == ["https://tracker.example/p.gif"]


class _FakeSite:
    """Stands in for the test client: a few canned pages."""

    def __init__(self, pages):
        self.pages = pages
        self.requested = []

    def get(self, path):
        self.requested.append(path)
        return self.pages.get(path) or HttpResponseNotFound()


def test_the_crawl_follows_links_redirects_and_search_forms_and_reports_broken_links():
    site = _FakeSite(
        {
            "/": HttpResponse(
                '<a href="/programs/">Programs</a> <a href="https://elsewhere.example/">x</a>'
                '<a href="mailto:311@example.org">mail</a> <a href="/old/#top">old</a>'
                '<form action="/search/"><input type="search" name="q"><button>Go</button></form>'
            ),
            "/programs/": HttpResponse('<a href="/">Home</a> <a href="/programs/gone/">Gone</a>'),
            "/old/": HttpResponseRedirect("/new/"),
            "/new/": HttpResponse('<a href="/data.csv">The data</a>'),
            "/search/?q=safety": HttpResponse("Results"),
            "/data.csv": HttpResponse("a,b", content_type="text/csv"),
        }
    )
    result = crawl(site, start=("/",))
    assert sorted(result.pages) == ["/", "/new/", "/programs/", "/search/?q=safety"]
    assert result.broken() == {"/programs/gone/": (404, "/programs/")}
    assert result.statuses["/old/"] == 302
    assert result.statuses["/data.csv"] == 200
    assert "https://elsewhere.example/" not in site.requested


def _valid_page():
    return BROKEN_PAGE.replace("<img ", '<img alt="" ').replace('"twice">Second', '"once">Second')
