"""Every page is valid HTML according to the current Nu Html Checker."""

from .checks import validate_html


def test_every_page_is_valid_html(crawled):
    errors = {path: messages for path, messages in validate_html(crawled.pages).items() if messages}
    assert errors == {}
