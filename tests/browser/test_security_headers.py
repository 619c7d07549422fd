"""Every response carries the security headers production promises.

The live server speaks plain HTTP, where production settings would redirect to HTTPS and
browsers ignore HSTS, so the responses are fetched with the test client as HTTPS requests
(as the TLS proxy forwards them) under the production security settings.
"""

import importlib

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from .checks import crawl

SECURITY_SETTINGS = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "X_FRAME_OPTIONS")
ONE_YEAR = 60 * 60 * 24 * 365


@pytest.fixture
def production_security(monkeypatch, site):
    monkeypatch.setenv("SECRET_KEY", "s" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    prod = importlib.import_module("pdxsafety.settings.prod")
    values = {name: getattr(prod, name) for name in dir(prod) if name.startswith(SECURITY_SETTINGS)}
    with override_settings(**values):
        yield


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def header_problems(response):
    problems = []
    csp = csp_directives(response.get("Content-Security-Policy", ""))
    script_sources = csp.get("script-src", csp.get("default-src"))
    if script_sources is None:
        problems.append("no CSP script-src or default-src")
    elif {"'unsafe-inline'", "'unsafe-eval'"} & set(script_sources):
        problems.append(f"unsafe script-src: {script_sources}")
    # The site's own rule is stricter than the browser's minimum: no inline style either.
    if "'unsafe-inline'" in csp.get("style-src", csp.get("default-src", [])):
        problems.append("unsafe style-src")
    if csp.get("frame-ancestors") != ["'none'"]:
        problems.append("CSP frame-ancestors is not 'none'")
    hsts = response.get("Strict-Transport-Security", "")
    if f"max-age={ONE_YEAR}" not in hsts or "includeSubDomains" not in hsts:
        problems.append(f"Strict-Transport-Security: {hsts!r}")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for name, value in expected.items():
        if response.get(name) != value:
            problems.append(f"{name}: {response.get(name)!r}")
    policy = {part.strip() for part in response.get("Permissions-Policy", "").split(",")}
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        if f"{feature}=()" not in policy:
            problems.append(f"Permissions-Policy allows {feature}")
    return problems


def test_every_response_has_the_security_headers(production_security):
    client = Client()
    # The crawl itself runs over HTTPS so that every URL it finds is fetched as production
    # serves it; a page that does not exist must carry the headers too.
    result = crawl(_Secure(client))
    paths = [*result.statuses, "/no-such-page/"]
    problems = {}
    for path in paths:
        found = header_problems(client.get(path, secure=True))
        if found:
            problems[path] = found
    assert len(paths) > 10
    assert problems == {}


def test_plain_http_is_redirected_to_https(production_security):
    response = Client().get("/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_session_and_csrf_cookies_are_secure_and_http_only(production_security):
    get_user_model().objects.create_user("editor", password="a long test password", is_staff=True)
    client = Client()
    login_page = client.get("/admin/login/", secure=True)
    csrf = login_page.cookies["csrftoken"]
    signed_in = client.post(
        "/admin/login/",
        {"username": "editor", "password": "a long test password", "next": "/admin/"},
        secure=True,
    )
    session = signed_in.cookies["sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True, cookie.key
        assert cookie["httponly"] is True, cookie.key


class _Secure:
    """The test client, with every GET made as an HTTPS request."""

    def __init__(self, client):
        self.client = client

    def get(self, path):
        return self.client.get(path, secure=True)
