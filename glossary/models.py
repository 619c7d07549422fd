"""The words the City uses, explained in plain language, and where each page first uses them."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.models import (
    MARKDOWN_HELP,
    ContentHistory,
    MarkdownMixin,
    Publishable,
    help_with,
    http_url_validator,
)


class Term(MarkdownMixin, Publishable):
    term = models.CharField(
        max_length=100, help_text=_("The word or short name as the site writes it, e.g. PS3.")
    )
    also_matches = models.CharField(
        _("other ways it is written"),
        max_length=300,
        blank=True,
        help_text=_(
            "Other spellings to explain in the text, separated by commas, "
            "e.g. 'prongs, three-pronged'. Capital letters do not matter."
        ),
    )
    short_definition = models.CharField(
        max_length=200,
        help_text=_(
            "One plain sentence, shown when a reader points at or taps the word "
            "on any page. Plain text."
        ),
    )
    definition = models.TextField(
        blank=True, help_text=help_with(_("More about it, for the glossary page."), MARKDOWN_HELP)
    )
    definition_html = models.TextField(blank=True, editable=False)
    source_label = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Where this comes from, e.g. the City page's title."),
    )
    source_url = models.URLField(
        blank=True, validators=[http_url_validator], help_text=_("The source's web address.")
    )
    history = ContentHistory()

    markdown_fields = ("definition",)

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("glossary:list") + f"#{self.slug}"

    @property
    def spellings(self):
        """Every way the term is written, its own name first."""
        others = [part.strip() for part in self.also_matches.split(",")]
        return [self.term, *(part for part in others if part)]

    def clean(self):
        super().clean()
        if self.source_url and not self.source_label:
            raise ValidationError({"source_label": _("Name the source the link goes to.")})


def is_abbreviation(written):
    """FY22-23, PS3, BOEC: written in capitals, so matched only in capitals (FIT is not fit)."""
    return any(ch.isalpha() for ch in written) and written == written.upper()


def spelling_key(written):
    return written if is_abbreviation(written) else written.lower()


def spelling_pattern(spellings):
    """One regular expression for every spelling, longest first so that 'three-pronged'
    wins over 'prong', and never matching inside a longer word. Words match in any
    case; abbreviations only as written. The text is HTML, so a name inside a character
    reference (the "amp" of "&amp;", the "x27" of "&#x27;") is no word."""
    ordered = sorted(set(spellings), key=len, reverse=True)
    alternatives = "|".join(
        f"(?-i:{re.escape(spelling)})" if is_abbreviation(spelling) else re.escape(spelling)
        for spelling in ordered
    )
    return re.compile(rf"(?<![\w&#])(?:{alternatives})(?!\w)", re.IGNORECASE)
