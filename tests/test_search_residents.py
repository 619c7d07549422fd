"""Search in residents' words: stems, whole words, synonyms staff keep, the site's own
sections, misspellings (PostgreSQL), and the page a resident needs first. Every test
runs on SQLite and on PostgreSQL unless marked."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from grants.models import Grantee
from partners.models import ServiceLink
from portal import search_index
from portal.models import Synonym
from portal.search import parse
from programs.models import Program
from publishing import registry
from tests.conftest import MODEL_BACKEND, make_program, make_staff

NOW = datetime(2030, 3, 1, 18, 0, tzinfo=UTC)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typo tolerance uses PostgreSQL's pg_trgm"
)


def results(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.context["results"]


def urls(client, query):
    return [result.url for result in results(client, query)]


# The page each word should lead to, as its first result.
TOP = [
    (
        "homeless",
        "Street Services Coordination Center",
        "/partners/#street-services-coordination-center",
    ),
    ("crisis", "Portland Street Response", "/programs/portland-street-response/"),
    ("abandoned car", "Report an abandoned vehicle", "/#contact-311"),
    ("car", "Report an abandoned vehicle", "/#contact-311"),
    ("vehicle", "Report an abandoned vehicle", "/#contact-311"),
    ("grants", "Grants", "/grants/"),
    ("budget", "Budget", "/budget/"),
    ("how much", "Budget", "/budget/"),
    ("How much does the City spend?", "Budget", "/budget/"),
    ("mental", "Portland Street Response", "/programs/portland-street-response/"),
    ("shooting", "Safer Summer PDX", "/programs/safer-summer-pdx/"),
    ("gun violence", "Safer Summer PDX", "/programs/safer-summer-pdx/"),
    ("Street Response", "Portland Street Response", "/programs/portland-street-response/"),
    ("ShotSpotter", "Gunshot detection pilot", "/programs/gunshot-detection-pilot/"),
    ("311", "PDX 311", "/#contact-311"),
    ("what does houseless mean", "Glossary", "/glossary/"),
    ("accommodation", "Accessibility", "/accessibility/"),
    ("disability", "Accessibility", "/accessibility/"),
]


@pytest.mark.parametrize(("query", "title", "url"), TOP)
def test_the_page_a_resident_needs_comes_first(client, seeded, query, title, url):
    first = results(client, query)[0]
    assert (first.title, first.url) == (title, url)


def test_homeless_finds_the_page_that_says_houseless(client, seeded):
    page = client.get("/search/", {"q": "homeless"}).content.decode()
    assert "<mark>houseless</mark>" in page


def test_grants_finds_the_grants_page_and_every_grantee(client, seeded):
    found = urls(client, "grants")
    assert found[0] == "/grants/"
    grantees = {grantee.get_absolute_url() for grantee in Grantee.objects.published()}
    assert len(grantees) == 5 and grantees <= set(found)


def test_car_finds_both_vehicle_reports_and_nothing_that_merely_contains_car(client, seeded):
    found = results(client, "car")
    assert [result.title for result in found] == [
        "Report an abandoned vehicle",
        "Report an illegally parked vehicle",
    ]


def test_a_report_with_a_confirmed_address_leads_straight_to_it(client, seeded):
    link = ServiceLink.objects.get(title="Report an abandoned vehicle")
    link.url = "https://www.portland.gov/example-report"
    link.save()
    assert urls(client, "abandoned car")[0] == "https://www.portland.gov/example-report"


def test_words_match_whole_words_only(client, seeded):
    ario = Grantee.objects.get(slug="ario")
    assert "non-governmental" in ario.description
    assert ario.get_absolute_url() not in urls(client, "mental")
    assert ario.get_absolute_url() in urls(client, "governmental")


def test_other_forms_of_a_word_are_found(client, seeded):
    program = make_program(title="Youth outreach", body="Reducing shootings near schools.")
    assert program.get_absolute_url() in urls(client, "shooting")
    assert program.get_absolute_url() in urls(client, "reduce shoot")
    assert program.get_absolute_url() in urls(client, "school")


def test_crises_and_crisis_find_each_other_through_the_synonyms(client, seeded):
    program = make_program(title="Night line", body="Help in a crisis, day or night.")
    assert program.get_absolute_url() in urls(client, "crises")
    psr = "/programs/portland-street-response/"
    assert psr in urls(client, "crisis") and psr in urls(client, "mental health")


def test_a_synonym_staff_add_widens_search_at_once(client, seeded):
    program = make_program(title="Ride safe", body="Bicycle lanes near schools.")
    assert program.get_absolute_url() not in urls(client, "bike")
    Synonym.objects.create(terms="bike, bicycle")
    assert program.get_absolute_url() in urls(client, "bike")
    Synonym.objects.filter(terms="bike, bicycle").delete()
    assert program.get_absolute_url() not in urls(client, "bike")


def test_a_synonym_phrase_is_one_term_and_each_other_word_still_counts():
    groups = [["how much", "budget", "amount"], ["car", "vehicle"]]
    terms = parse("How much for an abandoned car?", groups)
    assert terms.groups == (("how much", "budget", "amount"), ("abandoned",), ("car", "vehicle"))
    assert parse("cars", groups).groups == (("cars", "car", "vehicle"),)


def test_synonyms_need_two_terms_and_are_stored_tidily(db):
    with pytest.raises(ValidationError):
        Synonym(terms="homeless").full_clean()
    with pytest.raises(ValidationError):
        Synonym(terms="homeless, HOMELESS ,").full_clean()
    synonym = Synonym(terms=" Bike ,bicycle,, bike ")
    synonym.full_clean()
    assert synonym.terms == "bike, bicycle"


def test_the_seed_has_the_obvious_synonyms(seeded):
    groups = Synonym.objects.term_groups()
    for pair in [
        ("homeless", "houseless"),
        ("car", "vehicle"),
        ("shooting", "gun violence"),
        ("money", "budget"),
        ("money", "funding"),
        ("crisis", "crises"),
        ("crisis", "mental health"),
        ("grants", "grantees"),
        ("how much", "budget"),
        ("how much", "amount"),
    ]:
        assert any(set(pair) <= set(group) for group in groups), pair


def test_publishers_edit_synonyms_and_editors_only_see_them(client, seeded):
    add = reverse("admin:portal_synonym_add")
    client.force_login(make_staff("editor"), backend=MODEL_BACKEND)
    assert client.get(reverse("admin:portal_synonym_changelist")).status_code == 200
    assert client.post(add, {"terms": "bike, bicycle"}).status_code == 403
    client.force_login(make_staff("publisher"), backend=MODEL_BACKEND)
    response = client.post(add, {"terms": "bike"})
    assert response.status_code == 200 and "at least two" in response.content.decode()
    assert client.post(add, {"terms": "Bike, bicycle"}).status_code == 302
    assert Synonym.objects.filter(terms="bike, bicycle").exists()


def test_a_synonym_change_invalidates_cached_search_pages(
    settings, client, seeded, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    program = make_program(title="Ride safe", body="Bicycle lanes near schools.")

    def page():
        return client.get("/search/", {"q": "bike"}).content.decode()

    assert program.get_absolute_url() not in page()
    Synonym.objects.create(terms="bike, bicycle")  # never committed: no bump
    assert program.get_absolute_url() not in page(), "the cached copy"
    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(terms="cycle, bicycle")
    assert program.get_absolute_url() in page()
    caches["default"].clear()


def test_the_sites_sections_are_results(client, seeded):
    assert urls(client, "programs")[0] == "/programs/"
    assert urls(client, "partners")[0] == "/partners/"
    assert urls(client, "money")[0] == "/budget/"
    data = client.get("/search.json", {"q": "budget"}).json()
    assert data["results"][0] == {
        "type": "section",
        "title": "Budget",
        "text": data["results"][0]["text"],
        "url": "http://testserver/budget/",
    }


def test_a_new_section_is_one_registration(client, seeded, monkeypatch):
    monkeypatch.setattr(registry, "_sections", list(registry.sections()))
    registry.section("data", "Open data", "The site's content as JSON and CSV.", "open data, json")
    assert urls(client, "json")[0] == "/data/"


def test_the_results_page_has_one_search_box_holding_the_query(client, seeded):
    html = client.get("/search/", {"q": "abandoned car"}).content.decode()
    assert html.count("<search") == 1 and html.count('name="q"') == 1
    assert 'id="site-search-q" name="q" type="search" value="abandoned car"' in html


def test_no_results_suggest_311_and_the_sections(client, seeded):
    html = client.get("/search/", {"q": "zzzzqqq"}).content.decode()
    assert "No results for “zzzzqqq”" in html
    assert 'href="#contact">contact 311</a>' in html
    for section in registry.sections():
        assert f'href="{section.get_absolute_url()}">{section.title}</a>' in html


# --- What is indexed follows what is published -----------------------------------


def test_edits_and_deletes_show_in_search_at_once(client, seeded):
    program = make_program(title="Lantern walks", body="Evening walks in the park.")
    url = program.get_absolute_url()
    assert url in urls(client, "lantern")
    program.body = "Morning meetings."
    program.save()
    assert url in urls(client, "morning") and url not in urls(client, "evening")
    program.delete()
    assert url not in urls(client, "lantern")


def test_drafts_scheduled_and_expired_items_are_never_found(client, seeded, clock):
    make_program(title="Draft lantern", status="draft")
    make_program(title="Scheduled lantern", published_at=NOW + timedelta(minutes=10))
    make_program(title="Expiring lantern", expires_at=NOW + timedelta(minutes=20))
    titles = lambda: [result.title for result in results(client, "lantern")]  # noqa: E731
    assert titles() == ["Expiring lantern"]
    clock.now = NOW + timedelta(minutes=10)  # no save: the go-live is decided at query time
    assert sorted(titles()) == ["Expiring lantern", "Scheduled lantern"]
    clock.now = NOW + timedelta(minutes=20)
    assert titles() == ["Scheduled lantern"]


def test_the_reports_of_an_unpublished_service_are_not_found(client, seeded):
    assert urls(client, "abandoned car")
    ServiceLink.objects.get(title="Report an abandoned vehicle").service.__class__.objects.update(
        status="draft"
    )
    assert urls(client, "abandoned car") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
def test_the_sqlite_index_holds_every_item_once_and_is_rebuilt_from_scratch(seeded):
    def indexed():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT kind, object_id FROM {search_index.TABLE}")  # noqa: S608
            return sorted(cursor.fetchall())

    expected = sorted(
        (source.kind, pk)
        for source in registry.search_sources()
        for pk in source.model._base_manager.values_list("pk", flat=True)
    )
    assert indexed() == expected
    Program.objects.first().save()
    assert indexed() == expected
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {search_index.TABLE}")  # noqa: S608
    search_index.rebuild()
    assert indexed() == expected
    # A flush empties the content tables without delete signals; the index follows.
    call_command("flush", interactive=False, verbosity=0)
    assert indexed() == []


# --- Misspellings (PostgreSQL) ----------------------------------------------------


@postgres_only
@pytest.mark.parametrize(
    ("query", "url"),
    [
        ("shotspoter", "/programs/gunshot-detection-pilot/"),
        ("strete response", "/programs/portland-street-response/"),
        ("Portland Stret Responce", "/programs/portland-street-response/"),
    ],
)
def test_misspelt_names_still_find_their_page(client, seeded, query, url):
    assert urls(client, query)[0] == url


@postgres_only
def test_short_words_are_not_matched_loosely(client, seeded):
    # "care" is one letter from "car": a short word must be spelt right.
    make_program(title="Child care", body="After-school care.")
    assert [r.title for r in results(client, "car")] == [
        "Report an abandoned vehicle",
        "Report an illegally parked vehicle",
    ]


def test_highlights_cover_synonyms_and_whole_words(client, seeded):
    html = client.get("/search/", {"q": "car"}).content.decode()
    assert "<mark>vehicle</mark>" in html
    assert not re.search(r"\w<mark>", html)
