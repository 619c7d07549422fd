"""Every word the site itself writes on a page can be translated.

Django's ``makemessages`` collects the strings marked for translation in the templates
and the code; a piece of site-authored text (told apart from the City's content as
tests/plain_language.py explains) that no collected string accounts for was written
without ``{% translate %}`` or ``gettext``, and would stay in English whatever language
is added later.
"""

import gettext as gettext_module
import re
import shutil
from html import escape
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real
from django.utils.translation.trans_real import CONTEXT_SEPARATOR

from programs.models import Program
from publishing import registry
from tests.plain_language import content_strings, text_nodes
from tests.test_plain_language import public_pages

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext's xgettext is missing (apt-get install gettext); makemessages needs it",
)

STAFF_PAGES = [
    "/admin/",
    "/admin/sign-in-pauses/",
    "/admin/second-factor/set-up/",
    "/admin/second-factor/recovery-codes/",
    "/admin/feedback/feedback/",
    "/admin/programs/program/",
]


def staff_responses(client):
    """The staff pages, an item's form and history, and the publish confirmation."""
    program = Program.objects.published().first()
    change = f"/admin/programs/program/{program.pk}/change/"
    yield from ((url, client.get(url)) for url in STAFF_PAGES)
    yield change, client.get(change)
    yield (
        change.replace("/change/", "/history/"),
        client.get(change.replace("/change/", "/history/")),
    )
    confirm = {"action": "publish", "_selected_action": [program.pk]}
    yield "publish confirmation", client.post("/admin/programs/program/", confirm)


DJANGO_TEMPLATE_STRING = re.compile(
    r"{%\s*(?:translate|trans)\s+(['\"])(.*?)\1.*?%}"
    r"|{%\s*blocktrans(?:late)?\b[^%]*%}(.*?){%\s*(?:plural|endblocktrans(?:late)?)\s*%}",
    re.S,
)


def django_template_strings():
    """The words in Django's admin templates. A new release's English catalog can lag
    behind them ("Pagination" is missing from Django 6.1's), but they are marked."""
    found = []
    for template in (Path(django.__file__).parent / "contrib/admin/templates").rglob("*.html"):
        for match in DJANGO_TEMPLATE_STRING.finditer(template.read_text(encoding="utf-8")):
            text = match.group(2) if match.group(2) is not None else match.group(3)
            found.append(re.sub(r"{{\s*\w+\s*}}", "%(value)s", text))
    return found


def installed_catalogs():
    """Django's and the installed apps' own catalogs: their words (month names, the admin's
    labels, a sign-in library's models) are translated by them, not by this site."""
    found = [Path(django.__file__).parent / "conf/locale/en/LC_MESSAGES/django.po"]
    for config in apps.get_app_configs():
        if is_project_app(config):
            continue
        locale = Path(config.path) / "locale"
        english = locale / "en/LC_MESSAGES/django.po"
        any_language = sorted(locale.glob("*/LC_MESSAGES/django.po"))
        if english.exists() or any_language:
            found.append(english if english.exists() else any_language[0])
    return found


def is_project_app(config):
    """One of this project's apps, not an installed package, even when the packages are
    installed in a virtualenv inside the project's folder (as `make install` does)."""
    path = Path(config.path)
    return Path(settings.BASE_DIR) in path.parents and "site-packages" not in path.parts


SLOTS = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|\x00")
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


# Machine text shown as such: field names, addresses and the badge's HTML to copy; and
# the excerpts of stored text a search result quotes (cut short, so not found whole).
MACHINE = re.compile(
    r"<(code|textarea)\b[^>]*>.*?</\1>"
    r"|<h2 class=\"search-result-title\">.*?</h2>|(?<=</h2>)\s*<p>.*?</p>(?=\s*</li>)",
    re.S,
)
ADDRESS = re.compile(r"\S*(?:/|@|\.gov|\.org|\.com)\S*")
STORED = "\x00"


def site_text(html, content):
    """The text of a page (or of a msgid), with each stored text replaced by a marker.

    The marker keeps a sentence in one piece where it names a record, so the sentence is
    matched whole against the msgid that wrote it.
    """
    body = MACHINE.sub("<hr>", html[html.find("<body") :] if "<body" in html else html)
    nodes = []
    for node in text_nodes(body):
        for text, pattern in content:
            if text.lower() in node.lower():
                node = pattern.sub(STORED, node)
        nodes.append(ADDRESS.sub(STORED, node))
    return nodes


def covering_pattern(msgids, content):
    """One pattern matching any msgid as a page shows it: a placeholder or a stored text
    in the msgid matches anything."""
    alternatives = set()
    # A msgid from code is plain text ("<slug>" is not a tag); one from a template is HTML.
    for msgid in [*msgids, *(escape(msgid) for msgid in msgids)]:
        for node in site_text(SLOTS.sub(STORED, msgid), content):
            parts = [part.strip(" ,.;:()·—-|") for part in SLOTS.split(node)]
            parts = [part for part in parts if part]
            if any(re.search(r"[A-Za-z]{2}", part) for part in parts):
                alternatives.add(r".*?".join(re.escape(part) for part in parts))
    ordered = sorted(alternatives, key=len, reverse=True)
    # Without case: the admin capitalizes a model's verbose name ("users" shows as "Users").
    return re.compile(r"(?<!\w)(?:" + "|".join(ordered) + r")(?!\w)", re.IGNORECASE)


def untranslatable(html, content, covered):
    """The site-authored text of a page that no msgid accounts for."""
    left = (covered.sub(STORED, node) for node in site_text(html, content))
    pieces = {piece.strip(" ,.;:()·—-|!?“”\"'") for text in left for piece in text.split(STORED)}
    return sorted(piece for piece in pieces if re.search(r"[A-Za-z]{2}", piece))


def page_content():
    """Stored content, the site's name (a proper name, kept in every language) and the
    search results' type codes, which /data/ lists as scripts read them."""
    codes = [settings.SITE_NAME, *(source.kind for source in registry.search_sources()), "section"]
    return by_length([*content_strings(), *exact(codes)])


def staff_content():
    """What the staff pages show besides the site's own words: user names, the names of
    installed apps from elsewhere, and the names Django derives from a model's class name.

    A model without its own ``verbose_name`` is named after its class ("budget item"), a
    field without one after its attribute ("lead agency"); giving each a translatable
    name changes the model's state and so needs a migration per app.
    They are listed here so that the gap stays visible and limited to those names.
    """
    names = list(get_user_model().objects.values_list("username", flat=True))
    for config in apps.get_app_configs():
        ours = is_project_app(config)
        if not ours:
            names.append(str(config.verbose_name))
        for model in config.get_models():
            options = model._meta.original_attrs
            if not ours or "verbose_name" not in options:
                names += [str(model._meta.verbose_name), str(model._meta.verbose_name_plural)]
            names += [
                str(field.verbose_name)
                for field in model._meta.get_fields()
                if getattr(field, "verbose_name", None) == field.name.replace("_", " ")
            ]
    return by_length([*page_content(), *exact(names, ignore_case=True)])


def exact(texts, ignore_case=False):
    flags = re.IGNORECASE if ignore_case else 0
    return [(text, re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", flags)) for text in texts]


def by_length(content):
    return sorted(content, key=lambda entry: len(entry[0]), reverse=True)


@pytest.fixture(scope="module")
def all_msgids(site_msgids):
    catalogs = [msgid for path in installed_catalogs() for msgid in po_msgids(path)]
    return [*site_msgids, *catalogs, *django_template_strings()]


def test_every_site_authored_text_on_public_pages_is_translatable(client, seeded, all_msgids):
    content = page_content()
    covered = covering_pattern(all_msgids, content)
    missing = {}
    for url in public_pages():
        response = client.get(url)
        left = untranslatable(response.content.decode(), content, covered)
        if left:
            missing[url] = left
    assert not missing, f"site-authored text not marked for translation: {missing}"


def test_every_site_authored_text_on_staff_pages_is_translatable(admin_client, seeded, all_msgids):
    content = staff_content()
    covered = covering_pattern(all_msgids, content)
    missing = {}
    for url, response in staff_responses(admin_client):
        assert response.status_code == 200, url
        left = untranslatable(response.content.decode(), content, covered)
        if left:
            missing[url] = left
    assert not missing, f"site-authored text not marked for translation: {missing}"


def test_the_check_catches_a_string_left_unmarked(db, site_msgids):
    covered = covering_pattern(site_msgids, [])
    page = "<body><h2>Was this page helpful?</h2><p>Nobody marked this sentence.</p></body>"
    assert untranslatable(page, [], covered) == ["Nobody marked this sentence"]


class MarkingTranslation(gettext_module.NullTranslations):
    """A stand-in language that wraps every translated string in ⟦ ⟧, so that text the
    page shows outside the marks was not translated when the page was made: a string
    translated once at import time instead of lazily shows up here."""

    def gettext(self, message):
        # pgettext asks for "context\x04message"; answer for the message alone.
        return f"⟦{message.split(CONTEXT_SEPARATOR)[-1]}⟧"

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)

    def language(self):
        return "xx"

    def to_language(self):
        return "xx"


def use_marking_language(monkeypatch):
    """Makes "xx" the marking language; every other language stays as it was, so the
    one active before is restored when the override ends."""
    real = trans_real.translation
    monkeypatch.setattr(
        trans_real,
        "translation",
        lambda language: MarkingTranslation() if language == "xx" else real(language),
    )


MARKED = re.compile(r"⟦[^⟦⟧]*⟧")


def unmarked(html, content):
    while MARKED.search(html):
        html = MARKED.sub(STORED, html)
    pieces = (piece for node in site_text(html, content) for piece in node.split(STORED))
    return sorted(
        {piece.strip(" ,.;:()·—-|!?“”\"'") for piece in pieces}
        - {""}
        - {piece for piece in pieces if not re.search(r"[A-Za-z]{2}", piece)}
    )


def test_every_site_authored_text_is_translated_when_the_page_is_made(client, seeded, monkeypatch):
    content = page_content()
    use_marking_language(monkeypatch)
    missing = {}
    with translation.override("xx"):
        for url in public_pages():
            left = [
                piece
                for piece in unmarked(client.get(url).content.decode(), content)
                if re.search(r"[A-Za-z]{2}", piece)
            ]
            if left:
                missing[url] = left
    assert not missing, f"site-authored text shown untranslated: {missing}"


def test_every_site_authored_text_on_staff_pages_is_translated_when_made(
    admin_client, seeded, monkeypatch
):
    content = staff_content()
    use_marking_language(monkeypatch)
    missing = {}
    with translation.override("xx"):
        for url, response in staff_responses(admin_client):
            assert response.status_code == 200, url
            left = [
                piece
                for piece in unmarked(response.content.decode(), content)
                if re.search(r"[A-Za-z]{2}", piece)
            ]
            if left:
                missing[url] = left
    assert not missing, f"site-authored text shown untranslated: {missing}"
