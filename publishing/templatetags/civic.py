import json
import re
from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def money(amount):
    """$1,400,000 — or a plain statement when no amount is given (never $0)."""
    if amount is None or amount == "":
        return gettext("amount not given")
    amount = Decimal(amount)
    whole = amount == amount.to_integral_value()
    text = intcomma(f"{amount:.0f}" if whole else f"{amount:.2f}")
    return f"${text}"


@register.filter
def short_money(amount):
    """$2.4 million, for headlines and chart labels."""
    if amount is None:
        return gettext("amount not given")
    amount = Decimal(amount)
    if amount >= 1_000_000:
        millions = (amount / 1_000_000).quantize(Decimal("0.01")).normalize()
        return gettext("$%(millions)s million") % {"millions": f"{millions:f}"}
    return money(amount)


@register.filter
def breakable_email(address):
    """An email address that may wrap after its @ in a narrow box, instead of mid-word."""
    return mark_safe(escape(address).replace("@", "@<wbr>"))  # noqa: S308 (escaped above)


@register.filter
def source_label(url):
    """A source address as residents can read it: no scheme, no "www.", no final slash."""
    label = re.sub(r"^https?://(www\.)?", "", url or "").rstrip("/")
    return mark_safe(escape(label).replace("/", "/<wbr>"))  # noqa: S308 (escaped above)


@register.filter
def percent(share):
    return f"{Decimal(share) * 100:.1f}"


@register.simple_tag
def milestone_date(milestone):
    if milestone.date is None:
        return gettext("Date to be announced")
    if milestone.date_precision == "month":
        return date_format(milestone.date, "F Y")
    return date_format(milestone.date, "F j, Y")


@register.filter
def scale(share, length):
    """A 0..1 share of a length, for drawing SVG on the server."""
    return f"{Decimal(share) * Decimal(length):.1f}"


@register.filter
def times(value, factor):
    return int(value) * int(factor)


# Characters that could end the script element or open an HTML comment inside it.
_JSON_LD_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A schema.org block: data, not script, so the strict CSP allows it."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_LD_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def absolute_static(context, path):
    return context["request"].build_absolute_uri(static(path))


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The address without its query string, except the page shown of a paginated list.

    The page number comes from the page actually shown, so ``?page=abc`` or a number
    past the end never becomes a canonical address.
    """
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = context.get("page_obj")
    if page is not None and page.number > 1 and "q" not in request.GET:
        url += f"?page={page.number}"
    return url
