"""Site search: names, acronyms and words find their items; odd input is just a search."""

import re

import pytest
from django.db import connection

from budget.models import BudgetItem
from grants.models import Grantee
from partners.models import Organization
from portal.search import search
from programs.models import Event, Program
from publishing.registry import search_sources
from tests.conftest import make_grantee, make_program

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)


def result_urls(client, query, page=None):
    params = {"q": query} | ({"page": page} if page else {})
    response = client.get("/search/", params)
    assert response.status_code == 200
    return [result.url for result in response.context["results"]], response


def seed_items():
    for model, name in [
        (Program, "title"),
        (Grantee, "name"),
        (Organization, "name"),
        (BudgetItem, "title"),
        (Event, "title"),
    ]:
        yield from ((getattr(item, name), item) for item in model.objects.published())


def test_the_header_has_a_labelled_search_box_on_every_page(client, seeded):
    html = client.get("/budget/").content.decode()
    form = re.search(r"<search.*?</search>", html, re.S).group()
    assert 'action="/search/"' in form and 'method="get"' in form
    assert '<label for="site-search-q">' in form and 'id="site-search-q" name="q"' in form


def test_the_top_result_for_each_seed_items_name_is_that_item(client, seeded):
    checked = 0
    for name, item in seed_items():
        urls, _ = result_urls(client, name)
        assert urls and urls[0] == item.get_absolute_url(), name
        checked += 1
    assert checked >= 30


def test_each_grantee_is_found_by_name_acronym_and_a_word_of_its_description(client, seeded):
    for grantee in Grantee.objects.published():
        url = grantee.get_absolute_url()
        assert url in result_urls(client, grantee.name)[0]
        if grantee.short_name:
            assert result_urls(client, grantee.short_name)[0][0] == url, grantee.short_name
        word = max(re.findall(r"[A-Za-z]{6,}", grantee.description), key=len)
        assert url in result_urls(client, word)[0], word


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("PSR", "portland-street-response"),
        ("psr", "portland-street-response"),
        ("Street Response", "portland-street-response"),
        ("OVP", "office-of-violence-prevention"),
        ("BMIT", "bmit"),
        ("B.M.I.T", "bmit"),
        ("b.m.i.t.", "bmit"),
    ],
)
def test_acronyms_and_partial_names_find_their_item_first(client, seeded, query, slug):
    urls, _ = result_urls(client, query)
    assert urls and slug in urls[0]


def test_an_acronym_also_finds_items_that_spell_the_name_out(client, seeded):
    urls, response = result_urls(client, "PSR")
    budget_items = [url for url in urls if url.startswith("/budget/#item-")]
    assert budget_items, "the budget item funding Portland Street Response"
    assert "Portland Street Response" in response.content.decode()


def test_results_are_counted_highlighted_and_paginated(client, seeded):
    for n in range(25):
        make_program(title=f"Violence interruption pilot {n}")
    urls, response = result_urls(client, "interruption")
    html = response.content.decode()
    assert "25 results for “interruption”" in html
    assert len(urls) == 20
    assert "<mark>interruption</mark>" in html
    second, response = result_urls(client, "interruption", page=2)
    assert len(second) == 5 and not set(second) & set(urls)
    assert 'href="?q=interruption&amp;page=1" rel="prev"' in response.content.decode()


def test_drafts_are_never_found(client, seeded):
    make_grantee(status="draft", name="Secret Draft Organization")
    urls, response = result_urls(client, "Secret Draft Organization")
    assert urls == []
    assert "No results" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "%",
        "_",
        "%%__",
        '"',
        "'",
        '"unbalanced',
        "'; DROP TABLE x;--",
        "a" * 10_000,
        "gun " * 2_500,
        "Ünïcödé straße",
        "暴力",
        "🙂🔫",
        "null\x00byte",
        "\x00",
        "<script>alert(1)</script>",
        "!@#$^&*()[]{}|\\:;<>?,./~`",
        "-violence",
        "violence OR gun",
    ],
)
def test_odd_queries_give_a_normal_page(client, seeded, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert b"<script>alert" not in response.content
    assert client.get("/search.json", {"q": query}).status_code == 200


@pytest.mark.parametrize("query", ["'; DROP TABLE x;--", "a" * 10_000, "%", "_"])
def test_injection_and_very_long_queries_find_nothing(client, seeded, query):
    urls, _ = result_urls(client, query)
    assert urls == []
    assert Program.objects.exists()


def test_a_very_long_query_is_shortened_and_says_so(client, seeded):
    _, response = result_urls(client, "violence " * 2000)
    assert len(response.context["query"]) == 200
    assert "shortened" in response.content.decode()


def test_bad_page_numbers_show_a_page(client, seeded):
    for page in ["0", "-1", "abc", "999999", "1e9"]:
        assert client.get("/search/", {"q": "gun", "page": page}).status_code == 200


def test_search_json_counts_and_links(client, seeded):
    data = client.get("/search.json", {"q": "OVP"}).json()
    assert data["count"] >= 1
    assert data["results"][0]["url"] == "http://testserver/partners/#office-of-violence-prevention"


def test_english_stemming_finds_other_forms_of_a_word(client, seeded):
    program = make_program(title="Youth outreach", body="Reducing shootings near schools.")
    assert program.get_absolute_url() in result_urls(client, "shooting")[0]
    assert program.get_absolute_url() in result_urls(client, "reduce shoot")[0]


@postgres_only
def test_postgres_answers_matches_from_the_gin_indexes(seeded):
    from django.contrib.postgres.search import SearchQuery

    from publishing.postgres import search_vector

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    for source in search_sources():
        plan = (
            source.model.objects.alias(vector=search_vector(source.weighted_fields))
            .filter(vector=SearchQuery("violence", config="english"))
            .explain()
        )
        assert f"{source.kind.replace('_', '')}_search" in plan, plan


@postgres_only
def test_postgres_answers_misspellings_from_the_trigram_indexes(seeded):
    from django.db.models import Q, Value

    from publishing.postgres import StrictWordSimilar, trigram_text

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    for source in search_sources():
        text = trigram_text(source.weighted_fields)
        plan = source.model.objects.filter(Q(StrictWordSimilar(text, Value("strete")))).explain()
        assert f"{source.kind.replace('_', '')}_trigram" in plan, plan


def test_search_indexes_exist_on_postgres_only(db):
    with connection.cursor() as cursor:
        names = {
            name
            for source in search_sources()
            for name in connection.introspection.get_constraints(
                cursor, source.model._meta.db_table
            )
        }
    expected = {
        f"{source.kind.replace('_', '')}_{kind}"
        for source in search_sources()
        for kind in ("search", "trigram")
    }
    if connection.vendor == "postgresql":
        assert expected <= names
    else:
        assert not expected & names


def search_indexes_in_migrations():
    """Each index the migrations add on PostgreSQL, by name, as the last one left it."""
    from django.db.migrations.loader import MigrationLoader

    from publishing.postgres import AddIndexOnPostgres

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    plan = dict.fromkeys(key for leaf in graph.leaf_nodes() for key in graph.forwards_plan(leaf))
    return {
        operation.index.name: operation
        for key in plan
        for operation in graph.nodes[key].operations
        if isinstance(operation, AddIndexOnPostgres)
    }


def test_each_search_index_repeats_its_sources_weighted_fields():
    # Migrations spell the fields out rather than import them, so that they never change
    # afterwards; PostgreSQL uses an index only for the very expression it was built on.
    from django.contrib.postgres.indexes import OpClass

    from publishing.postgres import search_vector, trigram_text

    indexes = search_indexes_in_migrations()
    for source in search_sources():
        name = source.kind.replace("_", "")
        operation = indexes[f"{name}_search"]
        assert operation.model_name == source.model._meta.model_name, source.kind
        assert operation.index.expressions == (search_vector(source.weighted_fields),), source.kind
        trigram = indexes[f"{name}_trigram"]
        assert trigram.model_name == source.model._meta.model_name, source.kind
        text = OpClass(trigram_text(source.weighted_fields), name="gin_trgm_ops")
        assert trigram.index.expressions == (text,), source.kind


def test_search_runs_a_fixed_number_of_queries(django_assert_num_queries, grown):
    # The synonyms, the acronyms, a count and a page.
    with django_assert_num_queries(4):
        rows = search("Program").rows
        assert rows.count() > 200
        list(rows[:20])


def test_snippets_show_ampersands_once(client, seeded):
    make_grantee(name="Youth Circle", description="Youth & families in Portland.")
    page = client.get("/search/?q=Youth+Circle").content.decode()
    assert "</mark> &amp; families" in page
    assert "&amp;amp;" not in page


def test_311_finds_the_city_contact(client, seeded):
    page = client.get("/search/?q=311").content.decode()
    first = page.index('class="search-result"')
    assert 'href="/#contact-311"' in page[first : first + 400]


def test_no_results_point_to_311(client, seeded):
    page = client.get("/search/?q=zzzzqqq").content.decode()
    assert "No results for “zzzzqqq”" in page
    assert "contact 311" in page
