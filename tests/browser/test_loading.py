"""First loads in the browser: no CSP violation, nothing from another origin, nothing
broken, and the home page within its weight budget."""

from .loading import load

# Bytes transferred on a first visit with an empty cache. The test server compresses
# nothing, so this is stricter than the budget for what production (WhiteNoise) sends.
HOME_BUDGET = 60_000


def test_pages_load_cleanly_from_this_site_only(crawled, new_page, site, report):
    problems = {}
    weights = []
    for path in crawled.pages:
        loaded = load(new_page(), site, path)
        weights.append(f"  {loaded.total_bytes / 1024:5.1f} KB  {path}")
        found = {
            "CSP violations": loaded.csp_violations(),
            "third-party requests": loaded.third_party(),
            "failed requests": loaded.failed,
        }
        if any(found.values()):
            problems[path] = {name: items for name, items in found.items() if items}
    report.append(
        "Transfer size of each page on a first visit, all requests, uncompressed as the test "
        "server sends them:"
    )
    report.extend(weights)
    assert problems == {}


def test_home_page_is_light(new_page, site):
    loaded = load(new_page(width=375), site, "/")
    # The HTML, the stylesheet and the icon at least; a count of 0 would mean the
    # network log recorded nothing.
    assert len(loaded.transfer) >= 2
    assert loaded.total_bytes < HOME_BUDGET, loaded.transfer
    assert loaded.third_party() == []
