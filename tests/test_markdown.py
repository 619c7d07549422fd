from pdxsafety.markdown import render_markdown

from .conftest import make_grantee


def test_markdown_is_rendered_on_save(db):
    grantee = make_grantee(description="We **help** [youth](https://example.org).")
    assert grantee.description_html == (
        '<p>We <strong>help</strong> <a href="https://example.org" '
        'rel="noopener noreferrer">youth</a>.</p>'
    )


def test_script_and_javascript_links_are_removed():
    html = render_markdown(
        "<script>alert(1)</script>[x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
