from django import template

from .. import desk

register = template.Library()


@register.inclusion_tag("admin/publishing/staff_desk.html", takes_context=True)
def staff_desk(context):
    """What needs staff attention, for the admin home; the desk's queries are bounded."""
    request = context["request"]
    return {**desk.desk(request.user), "user": request.user}
