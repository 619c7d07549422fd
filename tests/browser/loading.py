"""What one first load of a page in the browser did: requests, sizes, console messages."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .checks import is_csp_violation


@dataclass
class PageLoad:
    origin: str
    requests: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (url, status or error)
    console: list = field(default_factory=list)
    transfer: dict = field(default_factory=dict)  # url -> bytes (headers + body as sent)

    @property
    def total_bytes(self):
        return sum(self.transfer.values())

    def third_party(self):
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https") and _origin(url) != self.origin
        ]

    def csp_violations(self):
        return [message.text for message in self.console if is_csp_violation(message)]


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def load(page, site, path):
    """Load `path` of `site` in `page` (a fresh context, so an empty cache) and record it."""
    result = PageLoad(origin=_origin(site))
    page.on("request", lambda request: result.requests.append(request.url))
    page.on("console", lambda message: result.console.append(message))
    page.on("requestfailed", lambda request: result.failed.append((request.url, request.failure)))

    def finished(request):
        response = request.response()
        if response and response.status >= 400:
            result.failed.append((request.url, response.status))
        sizes = request.sizes()
        result.transfer[request.url] = sizes["responseHeadersSize"] + sizes["responseBodySize"]

    page.on("requestfinished", finished)
    # Network idle, not just "load": the size of the last response is reported after it.
    page.goto(site + path, wait_until="networkidle")
    return result
