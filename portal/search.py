"""Site search over every kind of content the apps register (publishing.registry).

One UNION query ranks every kind of content together, so a results page costs
the same few queries however much content exists (a count, a page, and one
lookup of acronyms). On PostgreSQL matching is full-text with English
stemming ("shooting" finds "shootings"), served by the GIN expression indexes
the apps' migrations create from ``search_vector``; on SQLite every word must
appear somewhere in the item. Either way an acronym ("PSR", "B.M.I.T") finds
the item it names and anything that spells the name out.
"""

import html
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    F,
    FloatField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Length, Replace, Upper
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from publishing import registry
from publishing.postgres import SEARCH_CONFIG, search_vector

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
# Longest first, so "shootings" becomes "shoot", not "shooting".
SUFFIXES = ("ings", "ing", "es", "ed", "s")


def clean_query(raw):
    """What is left of a query once bytes no database accepts are gone, within a length."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def words_of(text):
    """Words to match; a lone letter would match nearly everything, so it is left out."""
    return [word for word in re.findall(r"\w+", text) if len(word) > 1][:MAX_TERMS]


def acronym_key(text):
    return re.sub(r"[\W_]+", "", text).upper()


def acronym_expression(field):
    return Upper(Replace(Replace(F(field), Value("."), Value("")), Value(" "), Value("")))


def expand_acronyms(query):
    """Names behind acronyms in the query: {"PSR"} -> ["Portland Street Response"]. One query."""
    keys = {acronym_key(query)} | {acronym_key(word) for word in query.split()}
    keys.discard("")
    if not keys:
        return []
    parts = [
        source.model.objects.published()
        .order_by()
        .annotate(key=acronym_expression(source.acronym))
        .filter(key__in=keys)
        .values_list(source.title, flat=True)
        for source in registry.search_sources()
        if source.acronym
    ]
    return sorted(set(parts[0].union(*parts[1:]).order_by()))


def text_fields(source):
    return [field for field, _ in source.weighted_fields]


def contains_any(fields, text):
    q = Q()
    for field in fields:
        q |= Q(**{f"{field}__icontains": text})
    return q


def exact_boosts(source, query):
    """Ranks an item named exactly (or by its acronym) above items that mention it."""
    whens = [When(**{f"{source.title}__iexact": query}, then=Value(100.0))]
    if source.acronym:
        whens.append(When(Q(r_acronym=acronym_key(query)) & ~Q(r_acronym=""), then=Value(80.0)))
    whens.append(When(**{f"{source.title}__icontains": query}, then=Value(30.0)))
    exact = Case(*whens, default=Value(0.0), output_field=FloatField())
    # Between equal matches, the shorter name is the closer one.
    closeness = Value(10.0) / Cast(Length(source.title) + 1, FloatField())
    return exact + closeness


def source_matches(source, query, expansions):
    """A queryset of one kind's matching rows, in the columns every kind shares."""
    # An acronym needs no condition of its own: its expansion (the item's name) matches.
    queryset = source.model.objects.published().order_by()
    if source.acronym:
        queryset = queryset.alias(r_acronym=acronym_expression(source.acronym))
    fields = text_fields(source)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        for expansion in expansions:
            search_query |= SearchQuery(expansion, search_type="phrase", config=SEARCH_CONFIG)
        queryset = queryset.alias(r_vector=search_vector(source.weighted_fields))
        match = Q(r_vector=search_query)
        score = SearchRank(F("r_vector"), search_query)
    else:
        words = words_of(query)
        match = Q() if words else Q(pk__in=[])
        score = Value(0.0)
        for word in words:
            match &= contains_any(fields, word)
            score = score + Case(
                When(**{f"{source.title}__icontains": word}, then=Value(5.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        for expansion in expansions:
            match |= contains_any(fields, expansion)
    return queryset.filter(match).values(
        r_kind=Value(source.kind, output_field=CharField()),
        r_slug=F("slug"),
        r_title=Cast(F(source.title), CharField()),
        r_text=Cast(source.text, CharField()),
        r_rank=Cast(exact_boosts(source, query) + score, FloatField()),
    )


def search(query):
    """All matches for a cleaned query, best first, as a lazy queryset to paginate."""
    expansions = expand_acronyms(query)
    parts = [source_matches(source, query, expansions) for source in registry.search_sources()]
    results = parts[0].union(*parts[1:], all=True).order_by("-r_rank", "r_title", "r_kind")
    return results, expansions


def source_of(kind):
    return next(source for source in registry.search_sources() if source.kind == kind)


@dataclass
class Result:
    kind: str
    label: str
    title: str
    text: str
    url: str

    @classmethod
    def from_row(cls, row):
        source = source_of(row["r_kind"])
        # Stored HTML still has its entities after tags go; highlight() escapes again.
        text = Truncator(html.unescape(strip_tags(row["r_text"] or ""))).words(40)
        return cls(
            kind=source.kind,
            label=source.label,
            title=row["r_title"],
            text=text,
            url=source.model(slug=row["r_slug"]).get_absolute_url(),
        )


def stem(word):
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def highlight(text, terms):
    """Escaped text with each word that starts like a search term wrapped in <mark>."""
    stems = sorted({stem(term.lower()) for term in terms if len(term) > 1}, key=len, reverse=True)
    if not stems:
        return escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*", re.IGNORECASE)
    pieces, last = [], 0
    for found in pattern.finditer(text):
        pieces.append(escape(text[last : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above
