"""The site's own words read at grade 9 or below on every public page.

How site-authored text is told apart from the City's content is explained in
tests/plain_language.py: everything stored in a content record is cut out of the
rendered page, and what remains is what the templates (and the site's code) wrote.
"""

import pytest

from glossary.models import Term
from grants.models import Grantee
from programs.models import Event, Program
from tests.plain_language import content_strings, grade, split_page

HIGHEST_GRADE = 9

FIXED_PAGES = [
    "/",
    "/programs/",
    "/grants/",
    "/budget/",
    "/partners/",
    "/search/",
    "/search/?q=gun+violence",
    "/data/",
    "/glossary/",
    "/feedback/?page=/budget/&helpful=no",
    "/feedback/thanks/?page=/budget/",
    "/no-such-page/",
]


def public_pages():
    return [
        *FIXED_PAGES,
        *(program.get_absolute_url() for program in Program.objects.published()),
        *(event.get_absolute_url() for event in Event.objects.published()),
        *(grantee.get_absolute_url() for grantee in Grantee.objects.published()),
    ]


def test_site_authored_text_is_at_grade_nine_or_below_on_every_page(client, seeded):
    content = content_strings()
    grades = {}
    for url in public_pages():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        site, _ = split_page(response.content.decode(), content)
        assert site, f"no site-authored text found on {url}"
        grades[url] = grade(site)
    too_hard = {url: value for url, value in grades.items() if value > HIGHEST_GRADE}
    assert not too_hard, f"reading grade above {HIGHEST_GRADE}: {too_hard}"


def test_content_is_cut_out_and_site_text_kept(client, seeded):
    site, seed = split_page(client.get("/budget/").content.decode(), content_strings())
    assert "How much in all" in site
    assert "Was this page helpful?" in site
    # The seed's sentences are the City's, not the site's: they are not measured.
    assert not any("transformational change" in piece for piece in site)
    assert any("transformational change" in piece for piece in seed)


def test_the_measure_catches_hard_site_text(db):
    make_it_hard = (
        "<body><p>Notwithstanding the aforementioned considerations, municipal appropriations "
        "necessitate comprehensive intergovernmental reconciliation.</p><p>Yes</p></body>"
    )
    site, _ = split_page(make_it_hard, content_strings())
    assert grade(site) > HIGHEST_GRADE


def test_glossary_definitions_are_plain(seeded):
    # Shown on every page where a word is first used. Taken together, since a definition
    # that has to spell out a long name ("Portland Committee on Community-Engaged
    # Policing") cannot be plain on its own.
    definitions = [term.short_definition for term in Term.objects.published()]
    assert len(definitions) >= 9
    assert grade(definitions) <= HIGHEST_GRADE


@pytest.mark.parametrize("slug", ["safer-summer-pdx", "gunshot-detection-pilot"])
def test_the_seeds_own_text_is_measured_apart(client, seeded, slug):
    # For the record: the City's text on program pages reads harder than the site's own.
    html = client.get(f"/programs/{slug}/").content.decode()
    site, seed = split_page(html, content_strings())
    assert grade(seed) > grade(site)
