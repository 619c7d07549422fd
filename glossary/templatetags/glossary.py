from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..annotate import annotate
from ..models import Term

register = template.Library()


class GlossaryNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        # One query a page, however many terms; staff text and the site's own alike.
        terms = Term.objects.published().only("slug", "term", "also_matches", "short_definition")
        return mark_safe(annotate(html, list(terms), reverse("glossary:list")))  # noqa: S308


@register.tag("glossary")
def glossary(parser, token):
    """{% glossary %}…{% endglossary %}: the first use of each glossary term in the
    rendered text links to its explanation."""
    nodelist = parser.parse(("endglossary",))
    parser.delete_first_token()
    return GlossaryNode(nodelist)
