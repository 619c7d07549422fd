"""The checks the browser tests run, kept apart so tests/browser/test_checks_bite.py can
prove each one catches what it should."""

import json
import shutil
import subprocess
import tempfile
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from axe_playwright_python.sync_playwright import Axe

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VNU_JAR = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Where the crawl starts: everything public is linked from the home page; the admin
# is not, so its login page is added by hand.
START_PATHS = ("/", "/admin/login/")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
REDIRECTS = {301, 302, 303, 307, 308}


# What the crawl types into a search box (or any text field of a GET form), so that
# the page behind the form is checked with results on it.
FORM_TEXT = "safety"


class _LinkParser(HTMLParser):
    """Collects link targets: <a href>, and the URL each GET form would submit."""

    def __init__(self):
        super().__init__()
        self.hrefs = []
        self.form = None  # (action, fields) of the GET form being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.form = (attrs.get("action") or "", [])
        elif tag == "input" and self.form and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("text", "search"):
                self.form[1].append((attrs["name"], FORM_TEXT))
            elif kind == "hidden":
                self.form[1].append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.form:
            action, fields = self.form
            self.hrefs.append(f"{action.split('?')[0]}?{urlencode(fields)}" if fields else action)
            self.form = None


def links_in(html):
    parser = _LinkParser()
    parser.feed(html)
    return parser.hrefs


def internal_path(href, base_path):
    """The path (and query) an href points to on this site, or None for other sites and schemes."""
    url = urlsplit(urljoin(f"http://testserver{base_path}", href))
    if url.scheme not in ("http", "https") or url.netloc != "testserver":
        return None
    return url.path + (f"?{url.query}" if url.query else "")


@dataclass
class Crawl:
    pages: dict = field(default_factory=dict)  # path -> HTML of every page that answered 200
    statuses: dict = field(default_factory=dict)  # path -> status of every URL followed
    found_on: dict = field(default_factory=dict)  # path -> the page that links to it

    def broken(self):
        return {
            path: (status, self.found_on[path])
            for path, status in self.statuses.items()
            if status >= 400
        }


def crawl(client, start=START_PATHS):
    """Follow every internal link (and GET form) from the start pages with `client`."""
    result = Crawl()
    queue = deque(start)
    result.found_on.update(dict.fromkeys(start, "(start)"))
    while queue:
        path = queue.popleft()
        response = client.get(path)
        result.statuses[path] = response.status_code
        if response.status_code in REDIRECTS:
            targets = [response["Location"]]
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            result.pages[path] = html
            targets = links_in(html)
        else:
            targets = []
        for href in targets:
            target = internal_path(href, path)
            if target and target not in result.found_on:
                result.found_on[target] = path
                queue.append(target)
    return result


def audit_accessibility(page, tags=AXE_TAGS):
    """axe-core's violations of the rules with these tags (by default WCAG 2.0/2.1/2.2 A
    and AA) on the page as it is now."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": list(tags)}})
    return [
        {
            "rule": violation["id"],
            "help": violation["help"],
            "targets": [" ".join(map(str, node["target"])) for node in violation["nodes"]],
        }
        for violation in results.response["violations"]
    ]


def validate_html(documents):
    """The Nu Html Checker's errors for each document ({name: html}), in one JVM start."""
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for number, (name, html) in enumerate(documents.items()):
            file = Path(folder) / f"page{number}.html"
            file.write_text(html, encoding="utf-8")
            names[file.name] = name
        command = [
            *(shutil.which("java") or "java", "-jar", str(VNU_JAR)),
            *("--errors-only", "--format", "json", "--stdout", "--exit-zero-always"),
            *sorted(str(Path(folder) / file) for file in names),
        ]
        # Only our own rendered pages, written to our own temporary folder, are passed.
        completed = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, check=True, timeout=300
        )
    errors = {name: [] for name in documents}
    for message in json.loads(completed.stdout)["messages"]:
        name = names[Path(urlsplit(message["url"]).path).name]
        errors[name].append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return errors


def is_csp_violation(console_message):
    return "Content Security Policy" in console_message.text


def visible_focus_indicator(page):
    """Whether the focused element draws an outline or a box-shadow, and what it is."""
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
            const shadow = style.boxShadow !== "none";
            return {
                visible: outline || shadow,
                element: element.outerHTML.slice(0, 120),
            };
        }"""
    )
