"""The site's own pages that search offers as results, beside the content apps' sections."""

from django.utils.translation import gettext_lazy as _

from publishing.registry import section

section(
    "accessibility",
    _("Accessibility"),
    _("How this site works for everyone, and how to ask for help or an accommodation."),
    _(
        "accessibility, accessible, disability, accommodation, screen reader, relay, 711, "
        "interpreter, barrier"
    ),
)
