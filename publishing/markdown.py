"""Staff write Markdown; residents get sanitized HTML rendered once, on save."""

import markdown
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> str:
    """Return safe HTML for staff-written Markdown.

    >>> render_markdown("Call **3-1-1**")
    '<p>Call <strong>3-1-1</strong></p>'
    """
    if not text:
        return ""
    return nh3.clean(
        markdown_to_html(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def markdown_to_html(text: str) -> str:
    """Unsanitized HTML, for authoring checks only; never send it to a browser."""
    return markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
