"""The glossary: seeded, staff-editable, and the first use of each word on a page explained."""

import re

import pytest
from django.core.cache import caches

from glossary.annotate import annotate
from glossary.models import Term, spelling_pattern
from tests.conftest import make_program, make_term, page_text

SEED_TERMS = {
    "fiscal-year": "FY22-23",
    "shotspotter": "ShotSpotter",
    "focused-deterrence": "Focused Deterrence",
    "upstream-violence-prevention": "upstream violence prevention",
    "houseless": "houseless",
    "budget-monitoring-process": "Budget Monitoring Process",
    "ps3": "PS3",
    "501c3": "501(C)3",
    "prong": "three-pronged",
}


def term_links(html, slug):
    return re.findall(rf'<a class="term" href="/glossary/#{slug}"[^>]*>(.*?)</a>', html)


def test_the_seed_explains_every_listed_word(client, seeded):
    html = client.get("/glossary/").content.decode()
    for slug in SEED_TERMS:
        term = Term.objects.published().get(slug=slug)
        assert f'<dt id="{slug}"><dfn>{term.term}</dfn></dt>' in html
        assert term.short_definition in page_text(client.get("/glossary/"))


def test_the_fiscal_year_entry_gives_the_dates(seeded):
    term = Term.objects.get(slug="fiscal-year")
    assert "FY22-23 is July 1, 2022 to June 30, 2023." in term.short_definition


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("/programs/safer-summer-pdx/", "houseless"),
        ("/programs/safer-summer-pdx/", "prong"),
        ("/programs/safer-summer-pdx/", "upstream-violence-prevention"),
        ("/programs/gunshot-detection-pilot/", "shotspotter"),
        ("/programs/gunshot-detection-pilot/", "focused-deterrence"),
        ("/budget/", "ps3"),
        ("/budget/", "budget-monitoring-process"),
        ("/grantees/eecrc/", "501c3"),
    ],
)
def test_the_first_use_on_a_page_links_to_its_explanation(client, seeded, url, slug):
    html = client.get(url).content.decode()
    assert len(term_links(html, slug)) == 1, "only the first use is marked"
    main = html[html.index("<main") : html.index("</main>")]
    before = main[: main.index(f'href="/glossary/#{slug}"')]
    # No use of the word in the text before the marked one (headings and links aside).
    before = re.sub(r"<(h[1-6]|a|summary|svg|dfn|abbr)\b.*?</\1>", " ", before, flags=re.S)
    before = re.sub(r"<[^>]+>", " ", before)
    term = Term.objects.get(slug=slug)
    assert not spelling_pattern(term.spellings).search(before)


def test_abbreviations_are_marked_as_abbreviations_with_their_meaning(client, seeded):
    html = client.get("/grantees/eecrc/").content.decode()
    [marked] = term_links(html, "501c3")
    assert (
        marked
        == '<abbr title="A kind of nonprofit group under United States tax law.">501(C)3</abbr>'
    )


def test_fiscal_year_is_explained_on_the_home_page(client, seeded):
    html = client.get("/").content.decode()
    assert len(term_links(html, "fiscal-year")) == 1


def test_staff_text_gets_explanations_sanitized(client, seeded):
    make_term(
        slug="ceasefire",
        term="ceasefire",
        short_definition='A "pause" <script>alert(1)</script> & more.',
    )
    make_program(
        slug="with-words",
        title="With words",
        body="We talk about a ceasefire. Another ceasefire.\n\n<script>ceasefire()</script>",
    )
    html = client.get("/programs/with-words/").content.decode()
    [marked] = term_links(html, "ceasefire")
    assert marked == "ceasefire"
    assert 'title="A &quot;pause&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; more."' in html
    assert "<script>alert" not in html
    assert "<script>ceasefire" not in html


def test_drafts_explain_nothing_and_are_not_listed(client, seeded):
    make_term(slug="secret-word", term="Safer Summer", status="draft")
    assert "secret-word" not in client.get("/programs/safer-summer-pdx/").content.decode()
    assert "secret-word" not in client.get("/glossary/").content.decode()


def test_annotation_leaves_attributes_code_and_links_alone():
    term = Term(slug="bmp", term="BMP", short_definition="Budget step.")
    html = (
        '<p title="BMP > 1">x</p><a href="/x">BMP</a><code>BMP</code>'
        "<h2>BMP</h2><!-- BMP --><p>the BMP and the bmp and BMP</p>"
    )
    marked = annotate(html, [term], "/glossary/")
    assert marked.startswith(
        '<p title="BMP > 1">x</p><a href="/x">BMP</a><code>BMP</code><h2>BMP</h2><!-- BMP -->'
    )
    assert marked.endswith(
        '<p>the <a class="term" href="/glossary/#bmp"><abbr title="Budget step.">BMP</abbr></a>'
        " and the bmp and BMP</p>"
    )


@pytest.mark.parametrize("name", ["amp", "quot", "x27"])
def test_a_term_never_splits_a_character_reference(name):
    term = Term(slug=name, term=name, short_definition="A word.")
    html = "<p>Q&amp;A, &quot;this&quot; and Portland&#x27;s page</p>"
    assert annotate(html, [term], "/glossary/") == html


def test_a_term_before_punctuation_is_still_explained():
    term = Term(slug="houseless", term="houseless", short_definition="Without a home.")
    marked = annotate("<p>People who are houseless; others.</p>", [term], "/glossary/")
    assert 'href="/glossary/#houseless"' in marked


def test_a_term_already_explained_on_the_page_is_not_marked_again():
    term = Term(slug="fy", term="FY22-23", short_definition="A year.")
    html = "<p><dfn>FY22-23</dfn> is a year.</p><p>FY22-23 again</p>"
    assert annotate(html, [term], "/glossary/") == html


def test_a_glossary_change_shows_at_once_on_cached_pages(
    settings, seeded, client, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    assert (
        "Without a home to live in." in client.get("/programs/safer-summer-pdx/").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        term = Term.objects.get(slug="houseless")
        term.short_definition = "Having no home."
        term.save()
    html = client.get("/programs/safer-summer-pdx/").content.decode()
    assert "Having no home." in html
    caches["default"].clear()


def test_the_glossary_is_in_the_sitemap_and_search(client, seeded):
    assert "/glossary/" in client.get("/sitemap.xml").content.decode()
    results = page_text(client.get("/search/?q=houseless"))
    assert "Glossary" in results and "Without a home to live in." in results


def test_the_glossary_json_twin(client, seeded):
    data = client.get("/glossary.json").json()
    entry = next(t for t in data["terms"] if t["slug"] == "prong")
    assert entry["also_matches"] == ["prongs", "three-pronged", "pronged"]
    assert entry["url"] == "http://testserver/glossary/#prong"


def test_staff_edit_terms_in_the_admin_with_history(publisher_client, seeded):
    response = publisher_client.get("/admin/glossary/term/")
    assert response.status_code == 200
    assert "Houseless" in response.content.decode()
    term = Term.objects.get(slug="houseless")
    assert publisher_client.get(f"/admin/glossary/term/{term.pk}/history/").status_code == 200
    assert term.history.exists()


def test_an_editors_change_to_a_live_term_is_held_for_review(editor_client, seeded):
    from publishing.models import HeldChange
    from tests.conftest import admin_form_data

    term = Term.objects.get(slug="houseless")
    url = f"/admin/glossary/term/{term.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    data["short_definition"] = "Changed by an editor."
    editor_client.post(url, data)
    term.refresh_from_db()
    assert term.short_definition == "Without a home to live in."
    assert HeldChange.objects.for_item(term) is not None
