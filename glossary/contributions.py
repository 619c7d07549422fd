"""What the glossary adds to site search, the sitemap and /data/."""

from django.db.models import F

from publishing.registry import Export, Source, content_app

from .models import Term

app = content_app("glossary")

app.search(
    Source(
        "glossary_term",
        "Glossary",
        Term,
        "term",
        (("term", "A"), ("also_matches", "A"), ("short_definition", "B"), ("definition", "C")),
        F("short_definition"),
        # An entry explains a word; the pages about the thing itself are what a resident
        # searching for it needs, so entries come after them, even one named exactly
        # (the exact-name boost is 100, a strong text match on PostgreSQL about 60 more).
        boost=-200.0,
    ),
)

app.list_page("glossary:list")

app.export_link("glossary", "glossary:json", "The glossary, JSON.")

app.export(
    Export(
        "glossary",
        "Glossary",
        "The words the site uses, explained in plain language.",
        ("/glossary.json",),
        (
            ("count", "How many terms."),
            ("terms", "The terms, in alphabetical order."),
            ("terms[].slug", "The term's anchor on the glossary page."),
            ("terms[].term", "The word or short name."),
            ("terms[].also_matches", "Other ways it is written."),
            ("terms[].short_definition", "One plain sentence."),
            ("terms[].definition_html", "More about it."),
            ("terms[].source", "Where the explanation comes from, or null."),
            ("terms[].source_url", "The source's address, or null."),
            ("terms[].url", "The term on the glossary page."),
        ),
    ),
)
