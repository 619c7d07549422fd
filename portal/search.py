"""Site search over every kind of content the apps register (publishing.registry).

A query is read the way a resident means it (``parse``): each word, or a phrase
staff listed among the synonyms ("how much"), becomes a group of alternatives (the
words' synonyms), and an item must match one alternative of every group. Matching is
whole words with English stemming on both databases ("shooting" finds "shootings";
"mental" never matches inside "non-governmental"): on PostgreSQL with full-text
search over the GIN expression indexes the apps' migrations create from
``search_vector``, plus trigram similarity (pg_trgm) so a misspelt name
("shotspoter") still finds its item; on SQLite with the FTS5 index of
``portal.search_index``. Either way an acronym ("PSR", "B.M.I.T") finds the item it
names and anything that spells the name out, and the site's own pages
(``registry.section``) come first when a resident names what they hold ("budget",
"how much"). One UNION query ranks every kind of content together, so a results page
costs the same few queries however much content exists (the synonyms, a lookup of
acronyms, a count and a page).
"""

import html
import re
from dataclasses import dataclass, field, replace
from functools import reduce

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
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length, Replace, Upper
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from publishing import registry
from publishing.postgres import SEARCH_CONFIG, StrictWordSimilar, search_vector, trigram_text

from . import search_index
from .models import Synonym, split_terms

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MAX_ALTERNATIVES = 10
# Longest first, so "shootings" becomes "shoot", not "shooting".
SUFFIXES = ("ings", "ing", "es", "ed", "s")
# Words that carry no meaning of their own; dropped unless nothing else is left, as
# PostgreSQL's English configuration does.
STOP_WORD_LIST = (
    "a about an and are as at be by can do does for from how i in is it me my of on or "
    "the to was what when where which who why will with you"
)
STOP_WORDS = frozenset(STOP_WORD_LIST.split())
# Typo tolerance: only words this long, whose misspellings are still unmistakable.
TRIGRAM_MIN_WORD = 5
TRIGRAM_THRESHOLD = 0.5
# Scales each database's text score to the same range as the exact-name boosts below.
POSTGRES_RANK_SCALE = 30.0
SQLITE_RANK_SCALE = 1.0
TRIGRAM_SCALE = 20.0
# An item found because the query names its kind ("grantees") ranks like a good text match.
KIND_SCORE = 10.0


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


def word_key(word):
    """Two spellings of one word share a key: grants, grantee, grantees -> grant."""
    return stem(word.lower()).rstrip("e") or word.lower()


def phrase_key(text):
    return tuple(word_key(word) for word in re.findall(r"\w+", text))


@dataclass(frozen=True)
class Terms:
    """A query as its words and phrases, each with its alternatives (the first as typed).

    ``expansions`` are names the query is an acronym of; each is an alternative to
    the whole query.
    """

    text: str
    groups: tuple = ()
    expansions: tuple = ()

    def words(self):
        """Every word an alternative is made of, for highlighting."""
        phrases = [alternative for group in self.groups for alternative in group]
        return [word for phrase in [*phrases, *self.expansions] for word in words_of(phrase)]

    def longest_word(self):
        return max((len(word) for word in words_of(self.text)), default=0)


def synonym_index(term_groups):
    """{phrase key: [every term it stands for]} from the staff's synonym lists."""
    index = {}
    for group in term_groups:
        for term in group:
            alternatives = index.setdefault(phrase_key(term), [])
            alternatives.extend(other for other in group if other not in alternatives)
    index.pop((), None)
    return index


def parse(query, term_groups=(), expansions=()):
    """The query's groups of alternatives: "abandoned car" -> (abandoned), (car, vehicle)."""
    words = [word.lower() for word in words_of(query)]
    index = synonym_index(term_groups)
    longest = max(map(len, index), default=1)
    groups, start = [], 0
    while start < len(words):
        for size in range(min(longest, len(words) - start), 0, -1):
            phrase = words[start : start + size]
            synonyms = index.get(tuple(map(word_key, phrase)))
            if synonyms or size == 1:
                typed = " ".join(phrase)
                others = [term for term in synonyms or () if term != typed]
                groups.append((typed, *others)[:MAX_ALTERNATIVES])
                start += size
                break
    meaningful = [group for group in groups if len(group) > 1 or group[0] not in STOP_WORDS]
    return Terms(query, tuple(meaningful or groups), tuple(expansions))


def exact_boosts(source, query):
    """Ranks an item named exactly (or by its acronym) above items that mention it."""
    whens = [When(**{f"{source.title}__iexact": query}, then=Value(100.0))]
    if source.acronym:
        whens.append(When(Q(r_acronym=acronym_key(query)) & ~Q(r_acronym=""), then=Value(80.0)))
    whens.append(When(**{f"{source.title}__icontains": query}, then=Value(10.0)))
    exact = Case(*whens, default=Value(0.0), output_field=FloatField())
    # Between equal matches, the shorter name is the closer one.
    closeness = Value(10.0) / Cast(Length(source.title) + 1, FloatField())
    return exact + closeness + Value(source.boost)


def fts5_phrase(text):
    # Quoted, a phrase is only words to FTS5: no operator a resident types can reach it.
    return '"' + " ".join(words_of(text)).replace('"', '""') + '"'


def fts5_query(terms):
    """The FTS5 MATCH text: each group's alternatives ORed, the groups ANDed."""
    whole = " AND ".join(
        "(" + " OR ".join(fts5_phrase(alternative) for alternative in group) + ")"
        for group in terms.groups
    )
    alternatives = [whole] if whole else []
    alternatives += [fts5_phrase(name) for name in terms.expansions]
    return " OR ".join(f"({alternative})" for alternative in alternatives)


def sqlite_match(source, queryset, terms):
    """(queryset, score) for SQLite: the FTS5 index decides what matches, bm25 ranks it."""
    expression = fts5_query(terms)
    if not expression:
        return queryset.none(), Value(0.0)
    table = search_index.TABLE
    matching = f"SELECT object_id FROM {table} WHERE {table} MATCH %s AND kind = %s"  # noqa: S608
    quote = connection.ops.quote_name
    own_pk = f"{quote(source.model._meta.db_table)}.{quote(source.model._meta.pk.column)}"
    # Only the index's and the model's own table and column names are in the text.
    score = RawSQL(  # noqa: S611
        f"SELECT -{search_index.BM25} FROM {table} "  # noqa: S608
        f"WHERE {table} MATCH %s AND kind = %s AND object_id = {own_pk}",
        (expression, source.kind),
        output_field=FloatField(),
    )
    queryset = queryset.filter(pk__in=RawSQL(matching, (expression, source.kind)))  # noqa: S611
    return queryset, score * Value(SQLITE_RANK_SCALE)


def postgres_query(terms):
    from django.contrib.postgres.search import SearchQuery

    def phrase(text):
        return SearchQuery(text, search_type="phrase", config=SEARCH_CONFIG)

    groups = [reduce(lambda a, b: a | b, map(phrase, group)) for group in terms.groups]
    whole = reduce(lambda a, b: a & b, groups) if groups else None
    for name in terms.expansions:
        whole = phrase(name) if whole is None else whole | phrase(name)
    return whole


def postgres_match(source, queryset, terms):
    """(queryset, score) for PostgreSQL: full-text search, and trigram similarity of
    the item's names and summaries for a misspelt word."""
    from django.contrib.postgres.search import SearchRank, TrigramStrictWordSimilarity

    search_query = postgres_query(terms)
    if search_query is None:
        return queryset.none(), Value(0.0)
    queryset = queryset.alias(r_vector=search_vector(source.weighted_fields))
    match = Q(r_vector=search_query)
    score = SearchRank(F("r_vector"), search_query) * Value(POSTGRES_RANK_SCALE)
    if terms.longest_word() >= TRIGRAM_MIN_WORD:
        text = trigram_text(source.weighted_fields)
        typed = Value(" ".join(words_of(terms.text)).lower())
        queryset = queryset.alias(r_similar=TrigramStrictWordSimilarity(typed, text))
        # The operator lets the trigram index find candidates (similarity of 0.5 or more);
        # the comparison drops those at exactly 0.5, such as one right word out of three.
        match |= Q(StrictWordSimilar(text, typed)) & Q(r_similar__gt=TRIGRAM_THRESHOLD)
        score = score + F("r_similar") * Value(TRIGRAM_SCALE)
    return queryset.filter(match), score


def names_kind(source, group):
    kind_names = {phrase_key(keyword) for keyword in split_terms(str(source.keywords))}
    return any(phrase_key(alternative) in kind_names for alternative in group)


def source_matches(source, terms):
    """A queryset of one kind's matching rows, in the columns every kind shares."""
    # An acronym needs no condition of its own: its expansion (the item's name) matches.
    queryset = source.model.objects.published().order_by()
    if source.acronym:
        queryset = queryset.alias(r_acronym=acronym_expression(source.acronym))
    # Words that name the kind ("grantees") are met by every item of it.
    rest = tuple(group for group in terms.groups if not names_kind(source, group))
    if terms.groups and not rest:
        score = Value(KIND_SCORE)
    elif connection.vendor == "postgresql":
        queryset, score = postgres_match(source, queryset, replace(terms, groups=rest))
    else:
        queryset, score = sqlite_match(source, queryset, replace(terms, groups=rest))
    return queryset.values(
        r_kind=Value(source.kind, output_field=CharField()),
        r_key=Cast(F(source.key), CharField()),
        r_link=Cast(F(source.link), CharField()) if source.link else Value(""),
        r_title=Cast(F(source.title), CharField()),
        r_text=Cast(source.text, CharField()),
        r_rank=Cast(exact_boosts(source, terms.text) + score, FloatField()),
    )


def matching_sections(terms):
    """The site's own pages a query names, best first: most of its words must name one."""
    if not terms.groups:
        return []
    found = []
    for order, section in enumerate(registry.sections()):
        names = {phrase_key(str(section.title))}
        names |= {phrase_key(keyword) for keyword in split_terms(str(section.keywords))}
        named = sum(
            any(phrase_key(alternative) in names for alternative in group) for group in terms.groups
        )
        if named and 2 * named >= len(terms.groups):
            found.append((-named, order, section))
    return [section for *_, section in sorted(found, key=lambda entry: entry[:2])]


@dataclass
class Found:
    """What a search found: the site's pages it names, and a lazy queryset of content
    rows, best first, to paginate."""

    terms: Terms
    rows: object
    sections: list = field(default_factory=list)

    @property
    def expansions(self):
        return list(self.terms.expansions)


def search(query):
    """Everything a cleaned query finds. Two queries here (synonyms, acronyms); the rows
    are counted and fetched when paginated."""
    terms = parse(query, Synonym.objects.term_groups(), expand_acronyms(query))
    parts = [source_matches(source, terms) for source in registry.search_sources()]
    rows = parts[0].union(*parts[1:], all=True).order_by("-r_rank", "r_title", "r_kind")
    return Found(terms, rows, matching_sections(terms))


def source_of(kind):
    return next(source for source in registry.search_sources() if source.kind == kind)


SECTION_LABEL = _("Section of this site")


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
        address = {source.key: row["r_key"]} | ({source.link: row["r_link"]} if source.link else {})
        return cls(
            kind=source.kind,
            label=source.label,
            title=row["r_title"],
            text=text,
            url=source.model(**address).get_absolute_url(),
        )

    @classmethod
    def from_section(cls, section):
        return cls(
            kind="section",
            label=str(SECTION_LABEL),
            title=str(section.title),
            text=str(section.description),
            url=section.get_absolute_url(),
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
