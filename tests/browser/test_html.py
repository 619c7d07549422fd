"""Every page is valid HTML according to the current Nu Html Checker."""

from .checks import validate_html


def test_every_page_is_valid_html(audited):
    errors = {path: messages for path, messages in validate_html(audited).items() if messages}
    assert errors == {}
