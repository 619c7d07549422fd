"""The grantee profile as the partner's permalink: link box, citation and badge."""

import html
import re
from pathlib import Path

from django.conf import settings

from tests.conftest import make_grantee


def test_link_box_gives_the_permanent_address_and_a_citation(client, seeded):
    page = client.get("/grantees/ario/").content.decode()
    # Folded away for partners, below what residents need (the grants, the description).
    kit = re.search(r'<details class="permalink">(.*?)</details>', page, re.S)[1]
    assert "Link to this page (for partner organizations)</summary>" in kit
    assert page.index("City grants") < page.index('<details class="permalink">')
    assert 'id="permalink-url"' in kit and 'id="embed-code"' in kit
    assert '<label for="permalink-url">' in page
    assert (
        'id="permalink-url" type="text" readonly value="http://testserver/grantees/ario/"' in page
    )
    assert (
        "City of Portland. “African Refugee and Immigrant Organization (ARIO).” "
        "PDX Community Safety. http://testserver/grantees/ario/"
    ) in page


def test_embed_snippet_is_a_plain_link_and_image_with_no_script(client, seeded):
    page = client.get("/grantees/ario/").content.decode()
    snippet = html.unescape(
        re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', page, re.S)[1]
    )
    assert snippet == (
        '<a href="http://testserver/grantees/ario/">'
        '<img src="http://testserver/static/img/funded-by-city-of-portland.png" '
        'width="240" height="80" alt="Funded by the City of Portland"></a>'
    )
    assert "script" not in snippet.lower()
    badge = Path(settings.BASE_DIR) / "static" / "img" / "funded-by-city-of-portland.png"
    assert badge.read_bytes().startswith(b"\x89PNG")


def test_names_in_the_snippet_and_citation_are_escaped(client, db):
    make_grantee(slug="quotes", name='The "Best" <Group>')
    page = client.get("/grantees/quotes/").content.decode()
    assert "<Group>" not in page
    assert "&lt;Group&gt;" in page
