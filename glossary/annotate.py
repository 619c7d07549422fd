"""Marks the first use of each glossary term in a page's rendered HTML.

Works on HTML the site has already rendered and sanitized: it only splits it into
tags and text, and wraps matched text, which is already escaped, in a link to the
glossary. Nothing is parsed as Markdown and no staff text is trusted beyond that.
"""

import re

from django.utils.html import escape

from .models import is_abbreviation, spelling_key, spelling_pattern

# A tag, a comment, or a doctype; quoted attribute values may hold ">".
TOKEN = re.compile(
    r"<!--.*?-->|<(/?)([a-zA-Z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|<![^>]*>", re.S
)
# No link inside these: a link in a link, a heading, a control or code reads badly.
SKIPPED = frozenset(
    {
        *("a", "button", "code", "label", "option", "pre", "script", "select", "style"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "summary", "svg", "textarea", "title"),
    }
)
# The page already explains a term written inside these.
EXPLAINED = frozenset({"abbr", "dfn"})
NESTING = SKIPPED | EXPLAINED


class Annotator:
    def __init__(self, terms, glossary_url):
        self.glossary_url = glossary_url
        self.by_spelling = {}
        for term in terms:
            for spelling in term.spellings:
                self.by_spelling.setdefault(spelling_key(spelling), term)
        self.pattern = spelling_pattern(self.by_spelling) if self.by_spelling else None

    def annotate(self, html):
        if self.pattern is None:
            return html
        used = set()
        out = []
        skipped = explained = 0
        position = 0
        for token in TOKEN.finditer(html):
            out.append(self.text(html[position : token.start()], used, skipped, explained))
            out.append(token.group(0))
            position = token.end()
            closing, name = token.group(1), (token.group(2) or "").lower()
            self_closing = (token.group(3) or "").rstrip().endswith("/")
            if name in NESTING and not self_closing:
                step = -1 if closing else 1
                if name in EXPLAINED:
                    explained = max(0, explained + step)
                else:
                    skipped = max(0, skipped + step)
        out.append(self.text(html[position:], used, skipped, explained))
        return "".join(out)

    def text(self, text, used, skipped, explained):
        if not text.strip():
            return text
        if explained:
            used.update(self.term_of(match).slug for match in self.pattern.finditer(text))
            return text
        if skipped:
            return text

        def mark(match):
            term = self.term_of(match)
            if term.slug in used:
                return match.group(0)
            used.add(term.slug)
            return self.link(term, match.group(0))

        return self.pattern.sub(mark, text)

    def term_of(self, match):
        found = match.group(0)
        # A word may be written in capitals ("HOUSELESS"); its key is lower case.
        return self.by_spelling.get(spelling_key(found)) or self.by_spelling[found.lower()]

    def link(self, term, written):
        title = escape(term.short_definition)
        href = escape(f"{self.glossary_url}#{term.slug}")
        # ``written`` is already escaped: it is a piece of the page's own HTML text.
        if is_abbreviation(written):
            return f'<a class="term" href="{href}"><abbr title="{title}">{written}</abbr></a>'
        return f'<a class="term" href="{href}" title="{title}">{written}</a>'


def annotate(html, terms, glossary_url):
    return Annotator(terms, glossary_url).annotate(html)
