"""Every page is found by following links, and every link works."""


def test_every_internal_link_answers_without_error(crawled, report):
    assert crawled.broken() == {}, "broken links (status, found on)"
    # The seed has programs, grantees, the budget and partners; a crawl that found only
    # a handful of pages would mean the link-following itself broke.
    assert len(crawled.pages) >= 10
    for prefix in ("/programs/", "/grantees/", "/events/", "/budget/", "/partners/", "/admin/"):
        assert any(path.startswith(prefix) for path in crawled.pages), prefix
    report.append(
        f"Browser checks: {len(crawled.statuses)} URLs crawled, {len(crawled.pages)} HTML pages "
        "and the 404 page "
        "checked (axe at 375 and 1280 px, Nu Html Checker, security headers, console, weight)."
    )
