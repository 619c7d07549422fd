"""Marking what a held change changes on a rendered page keeps the page's own structure:
only words are wrapped, always where text is allowed, and charts and form controls are
left whole."""

from html.parser import HTMLParser

from publishing.highlight import diff_fragment, mark_changes

VOID = {"br", "img", "input", "meta", "link", "hr", "wbr"}


class Nesting(HTMLParser):
    """Where each <ins>/<del> sits, and whether every element closes where it opened."""

    def __init__(self):
        super().__init__()
        self.open, self.parents, self.balanced = [], [], True

    def handle_starttag(self, tag, attrs):
        if tag in ("ins", "del"):
            self.parents.append(self.open[-1] if self.open else None)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.balanced = False


def nesting(html):
    parser = Nesting()
    parser.feed(html)
    assert parser.balanced and not parser.open, html
    return parser.parents


def test_changed_words_are_marked_and_said():
    marked = diff_fragment("<p>The amount is $5.</p>", "<p>The amount is $7 in total.</p>")
    assert (
        marked == '<p>The amount is <del class="change-mark"><span class="visually-hidden">'
        'removed: </span>$5.</del> <ins class="change-mark"><span class="visually-hidden">'
        "added: </span>$7 in total.</ins></p>"
    )


def test_a_removed_list_item_is_shown_where_text_is_allowed():
    marked = diff_fragment(
        "<ul><li>One</li><li>Two</li></ul><table><tr><td>A</td></tr></table>",
        "<ul><li>One</li></ul><table><tr><td>A</td><td>B</td></tr></table>",
    )
    parents = nesting(marked)
    assert "ul" not in parents and "tr" not in parents and "table" not in parents
    assert "removed: </span>Two</del>" in marked
    assert "added: </span>B</ins>" in marked


def test_a_chart_and_form_controls_are_never_marked_inside():
    old = "<svg><text>$5</text></svg><select><option>Spring</option></select><p>Same</p>"
    new = "<svg><text>$7</text></svg><select><option>Summer</option></select><p>Same</p>"
    marked = diff_fragment(old, new)
    assert "<svg><text>$7</text></svg>" in marked
    assert "<select><option>Summer</option></select>" in marked
    assert "$5" not in marked and "Spring" not in marked


def test_only_the_main_content_is_compared():
    live = "<title>Old</title><main><h1>Old</h1></main><footer>Old</footer>"
    changed = "<title>New</title><main><h1>New</h1></main><footer>New</footer>"
    marked = mark_changes(live, changed)
    assert marked.startswith("<title>New</title><main><h1><del")
    assert marked.endswith("</ins></h1></main><footer>New</footer>")


def test_nothing_changed_means_nothing_marked():
    html = "<main><p>Same <a href='/x'>words</a>.</p></main>"
    assert mark_changes(html, html) == html
