"""Checks on staff writing that deserve a warning but never block a save."""

import re
from html import unescape

from django.utils.text import capfirst
from django.utils.translation import gettext

from .markdown import markdown_to_html

VAGUE_LINK_TEXT = {
    "here",
    "click here",
    "learn more",
    "read more",
    "more",
    "find out more",
    "this link",
    "link",
    "this page",
}
TAGS = re.compile(r"<[^>]+>")
LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
HEADING = re.compile(r"<h([1-6])\b", re.IGNORECASE)
IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT = re.compile(r"""\balt\s*=\s*["']\s*[^"'\s]""", re.IGNORECASE)


def text_of(html):
    return " ".join(unescape(TAGS.sub("", html)).split()).strip(" .!:").lower()


def markdown_warnings(markdown_text):
    """Plain-language warnings about vague links, skipped heading levels and images."""
    if not markdown_text:
        return []
    html = markdown_to_html(markdown_text)
    warnings = [
        gettext(
            "Link text “%(text)s” does not say where the link goes; screen-reader users "
            "often hear links on their own. Describe the destination."
        )
        % {"text": text_of(label)}
        for label in LINK.findall(html)
        if text_of(label) in VAGUE_LINK_TEXT
    ]
    # The page title is the only first-level heading, so the text starts at level 2.
    previous = 1
    for level in (int(found) for found in HEADING.findall(html)):
        if level > previous + 1:
            warnings.append(
                gettext(
                    "A level-%(level)d heading follows a level-%(previous)d heading; "
                    "headings should not skip a level (## then ###)."
                )
                % {"level": level, "previous": previous}
            )
        previous = level
    for image in IMAGE.findall(html):
        if not ALT.search(image):
            warnings.append(
                gettext(
                    "An image has no alternative text; write it inside the brackets: "
                    "![what it shows]"
                )
            )
    return warnings


def item_warnings(item):
    """Warnings for every Markdown field of a content item, labelled by field."""
    found = []
    for name in getattr(item, "markdown_fields", ()):
        label = capfirst(item._meta.get_field(name).verbose_name)
        found.extend(f"{label}: {warning}" for warning in markdown_warnings(getattr(item, name)))
    return found
