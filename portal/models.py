"""What the site layer keeps in the database itself: the search synonyms staff edit."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_TERM_LENGTH = 60


def split_terms(text):
    """The distinct terms of a comma-separated list, lower-case, spaces folded, in order."""
    terms = []
    for part in (text or "").split(","):
        term = " ".join(re.findall(r"\w+", part.lower()))
        if term and term not in terms:
            terms.append(term)
    return terms


class SynonymQuerySet(models.QuerySet):
    def term_groups(self):
        """Each synonym as a list of its terms: [["homeless", "houseless"], ...]."""
        return [split_terms(terms) for terms in self.values_list("terms", flat=True)]


class Synonym(models.Model):
    """Words and phrases residents use for the same thing, such as homeless and houseless.

    A search for any one of them also finds pages that use another.
    """

    terms = models.CharField(
        _("words and phrases"),
        max_length=300,
        unique=True,
        help_text=_(
            "Two or more words or phrases that mean the same to residents, separated by "
            "commas, e.g. homeless, houseless. A search for one also finds the others."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SynonymQuerySet.as_manager()

    class Meta:
        ordering = ["terms"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return self.terms

    def clean(self):
        super().clean()
        terms = split_terms(self.terms)
        if len(terms) < 2:
            raise ValidationError(
                {"terms": _("Give at least two different words or phrases, separated by commas.")}
            )
        too_long = [term for term in terms if len(term) > MAX_TERM_LENGTH]
        if too_long:
            raise ValidationError(
                {
                    "terms": _("Each word or phrase must be %(max)d characters or fewer.")
                    % {"max": MAX_TERM_LENGTH}
                }
            )
        self.terms = ", ".join(terms)
