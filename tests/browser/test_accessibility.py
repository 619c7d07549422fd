"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any page, on a phone or a desktop."""

import pytest

from .checks import audit_accessibility
from .conftest import WIDTHS


@pytest.mark.parametrize("width", WIDTHS)
def test_no_accessibility_violations(audited, new_page, site, width):
    page = new_page(width=width)
    found = {}
    for path in audited:
        page.goto(site + path)
        violations = audit_accessibility(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_public_pages_follow_axe_best_practice(audited, new_page, site):
    """Beyond WCAG: unique landmarks, one h1, headings in order. Django's own admin login
    page has no h1, so it is left out."""
    page = new_page(width=375)
    found = {}
    for path in audited:
        if path.startswith("/admin/"):
            continue
        page.goto(site + path)
        violations = audit_accessibility(page, tags=["best-practice"])
        if violations:
            found[path] = violations
    assert found == {}
