"""Every word the site itself writes on a page can be translated.

Django's ``makemessages`` collects the strings marked for translation in the templates
and the code; a piece of site-authored text (told apart from the City's content as
tests/plain_language.py explains) that no collected string accounts for was written
without ``{% translate %}`` or ``gettext``, and would stay in English whatever language
is added later.
"""

import re
import shutil
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.core.management import call_command

from tests.plain_language import content_strings, split_page
from tests.test_plain_language import public_pages

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext's xgettext is missing (apt-get install gettext); makemessages needs it",
)

STAFF_PAGES = [
    "/admin/",
    "/admin/sign-in-pauses/",
    "/admin/second-factor/set-up/",
    "/admin/feedback/feedback/",
]

# Django's own strings (month names, the admin's words) are translated by Django.
DJANGO_CATALOGS = [
    Path(django.__file__).parent / "conf/locale/en/LC_MESSAGES/django.po",
    Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/django.po",
    Path(django.__file__).parent / "contrib/auth/locale/en/LC_MESSAGES/django.po",
]

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
ENTRY = re.compile(r'^(msgid|msgid_plural|msgctxt|msgstr(?:\[\d+\])?) "(.*)"$|^"(.*)"$')


def po_msgids(path):
    """The msgids (and plural msgids) of a .po file, read with the standard library."""
    found, key, parts = [], None, []
    for line in [*Path(path).read_text(encoding="utf-8").splitlines(), ""]:
        match = ENTRY.match(line.strip())
        if match and match.group(1) is None:
            parts.append(match.group(3))
            continue
        if key in ("msgid", "msgid_plural") and parts:
            text = "".join(parts).encode("latin-1", "backslashreplace").decode("unicode_escape")
            found.append(text)
        key, parts = (match.group(1), [match.group(2)]) if match else (None, [])
    return found


@pytest.fixture(scope="module")
def site_msgids(tmp_path_factory):
    """The strings makemessages collects from a copy of the project's own source."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path_factory.mktemp("source")
    for folder in root.iterdir():
        source = (folder / "__init__.py").exists() or folder.name == "templates"
        if folder.is_dir() and source and folder.name != "tests":
            shutil.copytree(folder, copy / folder.name)
    (copy / "locale").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        call_command("makemessages", locale=["xx"], extensions=["html", "txt", "py"], verbosity=0)
    return po_msgids(copy / "locale/xx/LC_MESSAGES/django.po")


# Machine text shown as such: field names, addresses and the badge's HTML to copy.
MACHINE = re.compile(r"<(code|textarea)\b[^>]*>.*?</\1>", re.S)
ADDRESS = re.compile(r"^\S*[/@.]\S*$")


def site_pieces(html, content):
    """The site-authored pieces of a page (or of a msgid), machine text left out."""
    body = MACHINE.sub("<hr>", html[html.find("<body") :] if "<body" in html else html)
    site, _ = split_page(f"<body>{body}", content)
    return [piece for piece in site if not ADDRESS.match(piece)]


def covering_pattern(msgids, content):
    """One pattern matching any msgid as a page shows it, a placeholder matching anything.

    A msgid is cut up as a page is (content and machine text taken out), so a sentence
    that names a stored record still matches what is left of it on the page.
    """
    pieces = set()
    for msgid in msgids:
        for piece in site_pieces(msgid, content):
            if re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", piece)):
                pieces.add(piece)
    alternatives = [
        r".*?".join(re.escape(part) for part in PLACEHOLDER.split(piece))
        for piece in sorted(pieces, key=len, reverse=True)
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def untranslatable(html, content, covered):
    """The site-authored text of a page that no msgid accounts for."""
    left = (covered.sub("\n", piece) for piece in site_pieces(html, content))
    pieces = {piece.strip(" ,.;:()·—-|!?“”\"'") for text in left for piece in text.split("\n")}
    return sorted(piece for piece in pieces if re.search(r"[A-Za-z]{2}", piece))


def page_content():
    """Stored content, and the site's name (a proper name, kept as it is in every language)."""
    content = content_strings()
    name = settings.SITE_NAME
    return [(name, re.compile(re.escape(name))), *content]


@pytest.fixture
def content(seeded):
    return page_content()


@pytest.fixture
def covered(site_msgids, content):
    django_msgids = [msgid for path in DJANGO_CATALOGS for msgid in po_msgids(path)]
    return covering_pattern([*site_msgids, *django_msgids], content)


def test_every_site_authored_text_on_public_pages_is_translatable(client, content, covered):
    missing = {}
    for url in public_pages():
        response = client.get(url)
        left = untranslatable(response.content.decode(), content, covered)
        if left:
            missing[url] = left
    assert not missing, f"site-authored text not marked for translation: {missing}"


def test_every_site_authored_text_on_staff_pages_is_translatable(admin_client, content, covered):
    missing = {}
    for url in STAFF_PAGES:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        left = untranslatable(response.content.decode(), content, covered)
        if left:
            missing[url] = left
    assert not missing, f"site-authored text not marked for translation: {missing}"


def test_the_check_catches_a_string_left_unmarked(db, site_msgids):
    covered = covering_pattern(site_msgids, [])
    page = "<body><h2>Was this page helpful?</h2><p>Nobody marked this sentence.</p></body>"
    assert untranslatable(page, [], covered) == ["Nobody marked this sentence"]
