"""'Was this page helpful?': on every page, no cookie, stored, rate-limited, robots refused,
bad input answered with the form, and staff see it page by page."""

import datetime

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from feedback.forms import issue_token
from feedback.models import Feedback

PAGES = ["/", "/budget/", "/programs/safer-summer-pdx/", "/glossary/", "/grantees/ario/"]


@pytest.fixture(autouse=True)
def fresh_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def form_data(page="/budget/", seconds_ago=30, **fields):
    issued = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return {
        "page": page,
        "helpful": "no",
        "comment": "I could not find the total.",
        "website": "",
        "token": issue_token(page, issued),
        **fields,
    }


def send(client, data=None, address="203.0.113.7", **headers):
    data = form_data() if data is None else data
    return client.post("/feedback/", data, REMOTE_ADDR=address, headers=headers)


@pytest.mark.parametrize("url", PAGES)
def test_every_page_asks_once_and_sets_no_cookie(client, seeded, url):
    response = client.get(url)
    html = response.content.decode()
    assert html.count("Was this page helpful?") == 1
    assert '<form method="get" action="/feedback/">' in html
    assert f'<input type="hidden" name="page" value="{url}">' in html
    assert not response.cookies


def test_pages_with_the_form_stay_in_the_page_cache(
    settings, seeded, client, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = True
    first = client.get("/budget/")
    assert "Was this page helpful?" in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get("/budget/")
    assert again.content == first.content


def test_the_form_page_carries_the_answer_and_a_token_and_no_cookie(client, seeded):
    response = client.get("/feedback/", {"page": "/budget/", "helpful": "no"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="no" id="id_helpful_1" required checked' in html
    assert 'name="token"' in html and 'name="website"' in html
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_feedback_is_stored_with_its_page_and_thanks_link_back(client, seeded):
    response = send(Client(enforce_csrf_checks=True))
    assert response.status_code == 303
    assert response["Location"] == "/feedback/thanks/?page=%2Fbudget%2F"
    assert not response.cookies
    [feedback] = Feedback.objects.all()
    assert (feedback.page, feedback.helpful, feedback.comment) == (
        "/budget/",
        False,
        "I could not find the total.",
    )
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert '<a href="/budget/">Back to the page you were reading</a>' in thanks.content.decode()
    assert not thanks.cookies


def test_the_thanks_page_never_links_off_the_site(client, db):
    html = client.get("/feedback/thanks/", {"page": "https://example.com/"}).content.decode()
    assert "example.com" not in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"website": "http://spam.example"}, "We could not accept this form"),
        ({"seconds_ago": 0}, "That was quick"),
        ({"seconds_ago": 3 * 60 * 60}, "This form was open too long"),
        ({"token": "forged"}, "This form could not be checked"),
        ({"helpful": ""}, "Choose Yes or No."),
        ({"helpful": "maybe"}, "Choose Yes or No."),
        ({"comment": "x" * 1001}, "Please keep it under 1,000 characters."),
    ],
)
def test_robots_and_bad_input_get_the_form_back_with_a_message(client, db, fields, message):
    seconds_ago = fields.pop("seconds_ago", 30)
    response = send(client, form_data(seconds_ago=seconds_ago, **fields))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Your feedback was not sent" in html
    assert '<form method="post" action="/feedback/"' in html
    assert not Feedback.objects.exists()
    assert not response.cookies


def test_a_form_sent_too_quickly_can_be_sent_again_later(client, db):
    refused = send(client, form_data(seconds_ago=0))
    assert refused.status_code == 400
    token = refused.context["form"].data["token"]
    later = timezone.now() + datetime.timedelta(seconds=10)
    from feedback.forms import FeedbackForm

    form = FeedbackForm({**form_data(), "token": token}, now=later)
    assert form.is_valid(), form.errors


def test_a_token_for_another_page_is_refused(client, db):
    data = form_data(page="/budget/")
    data["page"] = "/grants/"
    assert send(client, data).status_code == 400
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"page": "https://example.com/", "helpful": "yes", "token": "x"},
        {"page": "//example.com/x", "helpful": "yes"},
        {"page": "/\x00/", "helpful": "yes"},
        {"page": "/" + "a" * 500, "helpful": "yes"},
    ],
)
def test_garbage_is_a_400_never_a_500(client, db, data):
    response = send(client, data)
    assert response.status_code == 400
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("page", ["", "https://example.com/", "javascript:alert(1)"])
def test_the_form_page_refuses_a_page_not_on_this_site(client, db, page):
    response = client.get("/feedback/", {"page": page})
    assert response.status_code == 400
    assert "We could not tell which page you mean." in response.content.decode()


def test_feedback_from_another_site_is_refused(client, db):
    response = send(client, form_data(), origin="https://evil.example")
    assert response.status_code == 403
    assert not Feedback.objects.exists()
    assert send(client, form_data(), origin="http://testserver").status_code == 303


def test_each_address_is_rate_limited(client, db, settings):
    settings.FEEDBACK_RATE_LIMIT = 2
    assert [send(client).status_code for _ in range(3)] == [303, 303, 429]
    assert Feedback.objects.count() == 2
    refused = send(client)
    assert "a lot of feedback in a short time" in refused.content.decode()
    # Another address is counted on its own.
    assert send(client, address="198.51.100.4").status_code == 303


def test_the_address_behind_the_proxy_is_the_one_counted(client, db, settings):
    settings.FEEDBACK_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_HOPS = 1
    assert send(client, x_forwarded_for="198.51.100.1").status_code == 303
    # A new address claimed by the client in front of the proxy's own entry changes nothing.
    assert send(client, x_forwarded_for="10.9.9.9, 198.51.100.1").status_code == 429


def test_a_made_up_forwarded_address_does_not_dodge_the_limit(client, db, settings):
    settings.FEEDBACK_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_HOPS = 0
    assert send(client, x_forwarded_for="198.51.100.1").status_code == 303
    assert send(client, x_forwarded_for="198.51.100.2").status_code == 429


def test_a_form_is_accepted_once(client, db):
    data = form_data()
    assert send(client, data).status_code == 303
    again = send(client, data)
    assert again.status_code == 400
    assert "already sent" in again.content.decode()
    assert Feedback.objects.count() == 1
    # Another form for the same page, shown in the same second, is its own.
    assert form_data()["token"] != form_data()["token"]


@pytest.fixture
def some_feedback(db):
    Feedback.objects.create(page="/budget/", helpful=False, comment="Where is the total?")
    Feedback.objects.create(page="/budget/", helpful=True, comment="")
    Feedback.objects.create(page="/budget/", helpful=True, comment="Clear.", reviewed=True)
    Feedback.objects.create(page="/grants/", helpful=True, comment="Thanks <b>!</b>")


def test_staff_see_feedback_by_page_with_counts_and_comments(editor_client, some_feedback):
    response = editor_client.get("/admin/feedback/feedback/")
    assert response.status_code == 200
    rows = {row["page"]: row for row in response.context["pages"]}
    assert rows["/budget/"]["helpful_count"] == 2
    assert rows["/budget/"]["not_helpful_count"] == 1
    assert rows["/budget/"]["comment_count"] == 2
    assert rows["/budget/"]["new_count"] == 2
    html = response.content.decode()
    assert "Where is the total?" in html
    assert "Thanks &lt;b&gt;!&lt;/b&gt;" in html
    only_budget = editor_client.get("/admin/feedback/feedback/", {"page__exact": "/budget/"})
    assert [row["page"] for row in only_budget.context["pages"]] == ["/budget/"]


def test_staff_desk_shows_new_feedback(publisher_client, some_feedback):
    html = publisher_client.get("/admin/").content.decode()
    assert "New feedback from residents (3)" in html
    assert "Not helpful: Where is the total?" in html
    assert "Clear." not in html  # already read


def test_marking_feedback_read_takes_it_off_the_desk(editor_client, some_feedback):
    ids = list(Feedback.objects.new().values_list("pk", flat=True))
    editor_client.post(
        "/admin/feedback/feedback/", {"action": "mark_reviewed", "_selected_action": ids}
    )
    assert not Feedback.objects.new().exists()
    assert "New feedback from residents (0)" in editor_client.get("/admin/").content.decode()


def test_residents_feedback_cannot_be_added_by_staff(publisher_client, db):
    assert publisher_client.get("/admin/feedback/feedback/add/").status_code == 403
