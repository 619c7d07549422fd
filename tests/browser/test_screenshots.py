"""Screenshots of the main pages on a phone and a desktop, for people to look at."""

import pytest

from .conftest import SCREENSHOTS, WIDTHS


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_the_main_pages(crawled, new_page, site, width):
    pages = {
        "home": "/",
        "program": next(path for path in crawled.pages if path.startswith("/programs/safer")),
        "grantee": next(path for path in crawled.pages if path.startswith("/grantees/")),
        "budget": "/budget/",
        "partners": "/partners/",
    }
    SCREENSHOTS.mkdir(exist_ok=True)
    page = new_page(width=width)
    for name, path in pages.items():
        page.goto(site + path)
        file = SCREENSHOTS / f"{name}-{width}.png"
        file.unlink(missing_ok=True)
        page.screenshot(path=file, full_page=True)
        assert file.stat().st_size > 0
        # Nothing may be wider than the screen: no sideways scrolling on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than {width}px"
