"""Mark what a held change would change on a rendered public page.

A preview is rendered twice, as residents see it now and with the change; the two
pages' main content is compared word by word. Words only in the change are wrapped in
``<ins>``, words it removes in ``<del>``, each with a visually hidden "added:" or
"removed:" so that screen readers say it too; the page's tags are always those of the
changed version, so the result stays valid HTML.
"""

import difflib
import re

from django.utils.html import escape
from django.utils.translation import gettext as _

MAIN = re.compile(r"(<main\b[^>]*>)(.*)(</main>)", re.S)
# A whole element whose text must stay as it is (a chart, a script, a form control)
# counts as one token; then comments, tags, words and spaces.
TOKENS = re.compile(
    r"<(svg|script|style|textarea|select|template)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>|[^<\s]+|\s+",
    re.S | re.I,
)
TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Inside these, text is not allowed: a removed word waits for the next place it fits.
NO_TEXT = {"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "colgroup", "hgroup"}


def mark_changes(live_html, changed_html):
    """``changed_html`` with the words that differ from ``live_html`` marked, in <main>."""
    live, changed = MAIN.search(live_html), MAIN.search(changed_html)
    if live is None or changed is None:
        return changed_html
    marked = diff_fragment(live.group(2), changed.group(2))
    return changed_html[: changed.start(2)] + marked + changed_html[changed.end(2) :]


def tokens(html):
    return [match.group(0) for match in TOKENS.finditer(html)]


def is_tag(token):
    return token.startswith("<")


def diff_fragment(old_html, new_html):
    old, new = tokens(old_html), tokens(new_html)
    out = Output()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in joined(matcher.get_opcodes(), new):
        if tag == "equal":
            out.emit_all(new[j1:j2])
            continue
        if tag in ("delete", "replace"):
            out.removed("".join(token for token in old[i1:i2] if not is_tag(token)))
        if tag in ("insert", "replace"):
            out.added(new[j1:j2])
    out.flush_removed()
    return "".join(out.parts)


def joined(opcodes, new):
    """The opcodes with a lone space between two changes made part of them, so that a
    changed phrase reads as one change, not as alternating words."""
    result = []
    for opcode in opcodes:
        tag, _, i2, _, j2 = opcode
        if (
            len(result) >= 2
            and result[-1][0] == "equal"
            and result[-2][0] != "equal"
            and tag != "equal"
            and not "".join(new[result[-1][3] : result[-1][4]]).strip()
        ):
            result.pop()
            change = result.pop()
            opcode = ("replace", change[1], i2, change[3], j2)
        elif result and result[-1][0] != "equal" and tag != "equal":
            change = result.pop()
            opcode = ("replace", change[1], i2, change[3], j2)
        result.append(opcode)
    return result


class Output:
    def __init__(self):
        self.parts = []
        self.open = []
        self.pending = ""

    def text_allowed(self):
        return not self.open or self.open[-1] not in NO_TEXT

    def emit(self, token):
        if not is_tag(token):
            if token.strip() and self.pending:
                self.flush_removed()
            self.parts.append(token)
            return
        self.parts.append(token)
        self.track(token)
        if self.pending and self.text_allowed():
            self.flush_removed()

    def emit_all(self, tokens):
        for token in tokens:
            self.emit(token)

    def track(self, token):
        match = TAG_NAME.match(token)
        if match is None or token.startswith("<!"):
            return
        name = match.group(1).lower()
        if token.startswith("</"):
            if name in self.open:
                while self.open and self.open.pop() != name:
                    pass
        elif name not in VOID and not token.endswith("/>"):
            self.open.append(name)

    def removed(self, text):
        if text.strip():
            self.pending += text
            if self.text_allowed():
                self.flush_removed()

    def flush_removed(self):
        if self.pending.strip():
            label = escape(_("removed:"))
            self.parts.append(
                f'<del class="change-mark"><span class="visually-hidden">{label} </span>'
                f"{self.pending.strip()}</del> "
            )
        self.pending = ""

    def added(self, new_tokens):
        run = []
        for token in new_tokens:
            if is_tag(token):
                self.close_run(run)
                run = []
                self.emit(token)
            else:
                run.append(token)
        self.close_run(run)

    def close_run(self, run):
        text = "".join(run)
        if not text.strip() or not self.text_allowed():
            self.parts.append(text)
            return
        if self.pending:
            self.flush_removed()
        label = escape(_("added:"))
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        self.parts.append(
            f'{lead}<ins class="change-mark"><span class="visually-hidden">{label} </span>'
            f"{text.strip()}</ins>{trail}"
        )
