"""Each program and grantee page starts with a two-sentence "In short" staff can edit."""

import re

import pytest

from grants.models import Grantee
from programs.models import Program

pytestmark = pytest.mark.usefixtures("seeded")


def in_short(html):
    match = re.search(
        r'<section class="in-short"[^>]*>\s*<h2[^>]*>In short</h2>\s*<p>(.*?)</p>', html, re.S
    )
    # The words as read: glossary links inside it count as their text.
    return match and re.sub(r"<[^>]+>", "", match[1])


@pytest.mark.parametrize(
    "url",
    [
        "/programs/safer-summer-pdx/",
        "/programs/gunshot-detection-pilot/",
        "/programs/portland-street-response/",
        "/grantees/ario/",
        "/grantees/insight-alliance/",
        "/grantees/bmit/",
        "/grantees/help/",
        "/grantees/eecrc/",
    ],
)
def test_each_seeded_page_starts_with_two_short_sentences(client, url):
    html = client.get(url).content.decode()
    text = in_short(html)
    assert text, url
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    assert len(sentences) == 2, sentences
    assert all(len(s.split()) <= 25 for s in sentences), sentences
    # Right under the title, before the rest of the page's text.
    main = html[html.index("<h1") :]
    assert main.index('class="in-short"') < main.index('class="prose"')


def test_in_short_is_staff_content(client):
    Program.objects.filter(slug="safer-summer-pdx").update(in_short="One. Two.")
    Grantee.objects.filter(slug="ario").update(in_short="")
    assert in_short(client.get("/programs/safer-summer-pdx/").content.decode()) == "One. Two."
    assert 'class="in-short"' not in client.get("/grantees/ario/").content.decode()
