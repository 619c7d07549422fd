"""No input a browser can send makes a page answer 500."""

import logging

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.parametrize(
    "url",
    [
        "/programs/no-such-program/",
        "/grantees/no-such-grantee/",
        "/events/no-such-event/",
        "/events/no-such-event.ics",
        "/no-such-page/",
    ],
)
def test_unknown_slugs_answer_404_with_the_site_page(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'href="tel:311"' in body  # the 404 page keeps the site's 311 footer


ODD_URLS = [
    "/programs/?page=abc",
    "/programs/?page=999999",
    "/programs/?page=-1",
    "/programs/?page=1e9",
    "/grants/?page=%00",
    "/partners/?page=0",
    "/partners/?page=" + "9" * 5000,
    "/?q=%00",
    "/programs/%00/",
    "/grantees/%00/",
    "/grantees/a%2Fb/",
    "/programs/" + "a" * 5000 + "/",
    "/budget/?%00=%00",
    "/events/%E2%80%AE.ics",
    "/budget.csv?page=abc",
]


@pytest.mark.parametrize("url", ODD_URLS)
def test_odd_paths_and_query_strings_never_answer_500(client, seeded, url):
    assert client.get(url).status_code in {200, 404}


def test_page_number_past_the_end_shows_the_last_page(client, seeded):
    response = client.get("/programs/?page=999999")
    assert response.status_code == 200
    assert "Safer Summer PDX" in response.content.decode()


def test_post_to_a_public_page_is_refused_cleanly(client, seeded):
    assert client.post("/budget.csv").status_code == 405


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_fails(client, db, monkeypatch):
    from django.db import OperationalError

    class UnreachableDatabase:
        def cursor(self):
            raise OperationalError("database is down")

    monkeypatch.setattr("portal.views.connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.parametrize("url", ["/", "/programs/", "/no-such-page/", "/healthz", "/robots.txt"])
def test_an_unknown_host_header_gets_a_400_page_not_a_500(client, seeded, url):
    response = client.get(url, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()


def test_an_unknown_host_is_logged_in_one_warning_line_without_a_traceback(client, db, caplog):
    caplog.set_level(logging.INFO)
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    [record] = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert record.levelno == logging.WARNING
    assert record.name == "django.security.DisallowedHost"
    assert "'evil.example'" in record.getMessage()
    assert record.exc_info is None and record.exc_text is None


def test_a_post_without_a_csrf_token_gets_the_site_page(db, django_assert_num_queries):
    client = Client(enforce_csrf_checks=True)
    # Like the other error pages, it reads nothing from the database.
    with django_assert_num_queries(0):
        response = client.post(reverse("admin:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "That form has expired" in page
    assert "Go back, reload the page and try again" in page
    assert "/static/css/site.css" in page
