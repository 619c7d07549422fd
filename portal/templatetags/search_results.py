from django import template

from portal.search import highlight as mark_terms

register = template.Library()


@register.simple_tag
def highlight(text, terms):
    return mark_terms(text, terms or [])
