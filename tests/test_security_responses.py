"""What protects the site before a view runs: the Permissions-Policy header and the limit
on request bodies."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from portal.security import RequestSizeLimitMiddleware

MB = 1024 * 1024


@pytest.mark.parametrize("url", ["/", "/budget.csv", "/no-such-page/", "/healthz"])
def test_every_response_denies_the_browser_features_the_site_does_not_use(client, seeded, url):
    policy = client.get(url)["Permissions-Policy"]
    denied = {part.strip() for part in policy.split(",")}
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in denied
    # Passkeys at staff sign-in are the only features allowed, and only to the site itself.
    allowed = {part for part in denied if not part.endswith("=()")}
    assert allowed == {"publickey-credentials-get=(self)", "publickey-credentials-create=(self)"}


@pytest.fixture
def parsing_forbidden(monkeypatch):
    """Fails the test if any body is parsed (and so read, and its files spooled)."""

    load = HttpRequest._load_post_and_files

    def load_unless_posted(request):
        if request.method == "POST":
            raise AssertionError("the body was parsed")
        return load(request)

    def parse(parser):
        raise AssertionError("a multipart body was parsed")

    monkeypatch.setattr(HttpRequest, "_load_post_and_files", load_unless_posted)
    monkeypatch.setattr("django.http.multipartparser.MultiPartParser.parse", parse)


def test_a_large_multipart_post_with_a_valid_token_is_refused_unread(db, parsing_forbidden):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("admin:login"))
    token = client.cookies["csrftoken"].value
    big_file = io.BytesIO(b"x" * (3 * MB))
    big_file.name = "big.bin"
    response = client.post(
        reverse("admin:login"),
        {"csrfmiddlewaretoken": token, "username": "a", "password": "b", "file": big_file},
    )
    assert response.status_code == 413
    assert "That was too much to send" in response.content.decode()


def test_a_large_form_post_to_a_public_page_is_refused(client, db, parsing_forbidden):
    response = client.post(
        "/search/", "q=" + "x" * (3 * MB), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


class UnreadableBody(io.RawIOBase):
    def read(self, size=-1):
        raise AssertionError("the body was read")

    readline = read


def request_declaring(length):
    request = RequestFactory().post("/", b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = length
    request.META["wsgi.input"] = UnreadableBody()
    return request


def test_the_limit_is_checked_before_any_byte_is_read():
    middleware = RequestSizeLimitMiddleware(lambda request: HttpResponse(request.body))
    over = str(settings.MAX_REQUEST_BYTES + 1)
    assert middleware(request_declaring(over)).status_code == 413


@pytest.mark.parametrize("length", ["", "not-a-number", "-5"])
def test_a_missing_or_invalid_length_lets_nothing_be_read(length):
    # Django reads no body without a valid length, so passing such a request on is safe.
    middleware = RequestSizeLimitMiddleware(lambda request: HttpResponse(request.body))
    assert middleware(request_declaring(length)).content == b""


def test_django_parses_no_more_than_the_limit_and_keeps_no_file():
    assert settings.MAX_REQUEST_BYTES == settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 0


def test_the_limit_is_read_from_the_environment():
    script = "import django; django.setup(); from django.conf import settings as s; "
    script += "print(s.MAX_REQUEST_BYTES, s.DATA_UPLOAD_MAX_MEMORY_SIZE)"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "pdxsafety.settings.test"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env={**environment, "MAX_REQUEST_BYTES": "1000"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["1000", "1000"]
