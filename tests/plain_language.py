"""Reading grade of the words the site itself writes, apart from the City's content.

Site-authored text is what a page shows that is not content: every text a page
renders is split into its text nodes, and every string stored in a content record
(titles, names, summaries, the text of rendered Markdown, glossary definitions,
contact channels...) is cut out of them. What is left was written in the templates:
headings, labels, buttons and the site's own sentences. Each left-over piece is read
as one sentence, as a reader meets a heading or a button on its own.
"""

import re
from html import unescape

import textstat
from django.apps import apps
from django.db import models

from publishing import registry

# Not text a reader reads: scripts, styles, the chart's drawing (its figures are in
# the tables), and the hidden box only robots fill in.
HIDDEN = re.compile(
    r"<(script|style|svg|head)\b.*?</\1>|<div class=\"hp\".*?</div>|<!--.*?-->", re.S
)
TAG = re.compile(r"<[^>]+>")
ADDRESS = re.compile(r"\S*/\S*")
# Inline mark-up (a link, a glossary word, bold) does not end a piece of text.
INLINE = re.compile(r"</?(a|abbr|b|code|dfn|em|i|mark|small|span|strong|time|wbr)\b[^>]*>")


def text_nodes(html):
    """The visible text of an HTML fragment, one string per run of text, spaces folded."""
    html = INLINE.sub("", HIDDEN.sub(" \n ", html))
    pieces = (unescape(piece) for piece in TAG.split(html))
    return [" ".join(piece.split()) for piece in pieces if piece.strip()]


def content_strings():
    """Every text stored in content, longest first, as it appears on a page."""
    labels = [*registry.content_app_labels(), "publishing"]
    found = set()
    for label in labels:
        for model in apps.get_app_config(label).get_models():
            fields = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField)
                and not isinstance(field, models.SlugField | models.URLField)
                and not field.choices
            ]
            for row in model._base_manager.values_list(*fields) if fields else []:
                for name, value in zip(fields, row, strict=True):
                    if not value:
                        continue
                    if name.endswith("_html"):
                        found.update(text_nodes(value))
                    else:
                        found.add(" ".join(value.split()))
            for field in model._meta.concrete_fields:
                for _, display in field.choices or []:
                    found.add(str(display))
    ordered = sorted((text for text in found if len(text) > 1), key=len, reverse=True)
    return [(text, re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")) for text in ordered]


def split_page(html, content):
    """(site-authored pieces, content pieces) of a page's <body>."""
    body = html[html.index("<body") :]
    site, seed = [], []
    for node in text_nodes(body):
        if is_excerpt(node, content):
            seed.append(node)
            continue
        rest = node
        for text, pattern in content:
            if text in rest and pattern.search(rest):
                seed.append(text)
                rest = pattern.sub("\n", rest)
        # A shown web address (a source's "portland.gov/311/about311") is not read as prose.
        rest = ADDRESS.sub("", rest)
        site.extend(piece.strip(" ,;:()·—-|.") for piece in rest.split("\n"))
    return [piece for piece in site if re.search(r"[A-Za-z]{2}", piece)], seed


def is_excerpt(node, content):
    """A search result's shortened text ("…"): the start of something stored."""
    if not node.endswith("…"):
        return False
    start = node[:-1].rstrip()
    return len(start) > 20 and any(start in text for text, _ in content)


def as_sentences(pieces):
    return " ".join(piece if piece[-1] in ".!?" else f"{piece}." for piece in pieces)


def grade(pieces, shortest=1):
    """Flesch-Kincaid grade of the pieces of at least ``shortest`` words."""
    pieces = [piece for piece in pieces if len(piece.split()) >= shortest]
    if not pieces:
        return 0.0
    return textstat.flesch_kincaid_grade(as_sentences(pieces))
