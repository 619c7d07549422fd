"""What the glossary adds to site search, the sitemap and /data/."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from publishing.registry import Export, Source, content_app, section

from .models import Term

app = content_app("glossary")

app.search(
    Source(
        "glossary_term",
        _("Glossary"),
        Term,
        "term",
        (
            ("term", "A"),
            ("also_matches", "A"),
            ("short_definition", "B"),
            ("definition", "C"),
        ),
        F("short_definition"),
        # An entry explains a word; the pages about the thing itself are what a resident
        # searching for it needs, so entries come after them, even one named exactly
        # (the exact-name boost is 100, a strong text match on PostgreSQL about 60 more).
        boost=-200.0,
    ),
)

app.list_page("glossary:list")

section(
    "glossary:list",
    _("Glossary"),
    _("The words this site uses, explained in plain language."),
    _("glossary, words, jargon, meaning, what does it mean, explained, definition"),
)

app.export_link("glossary", "glossary:json", _("The glossary, JSON."))

app.export(
    Export(
        "glossary",
        _("Glossary"),
        _("The words the site uses, explained in plain language."),
        ("/glossary.json",),
        (
            ("count", _("How many terms.")),
            ("terms", _("The terms, in alphabetical order.")),
            ("terms[].slug", _("The term's anchor on the glossary page.")),
            ("terms[].term", _("The word or short name.")),
            ("terms[].also_matches", _("Other ways it is written.")),
            ("terms[].short_definition", _("One plain sentence.")),
            ("terms[].definition_html", _("More about it.")),
            ("terms[].source", _("Where the explanation comes from, or null.")),
            ("terms[].source_url", _("The source's address, or null.")),
            ("terms[].url", _("The term on the glossary page.")),
        ),
    ),
)
