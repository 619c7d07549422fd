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
