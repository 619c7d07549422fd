"""Each public page runs the same number of queries however much content exists.

Every anonymous response costs one query more than its view: the HTTP caching
middleware reads when content last changed (for Last-Modified).
"""

# Every page that renders base.html runs one query for the site-wide alerts, and one for
# the glossary terms it explains.
PAGES = {
    "/": 13,
    "/index.json": 7,
    "/programs/": 8,
    "/programs.json": 2,
    "/programs/safer-summer-pdx/": 12,
    "/programs/safer-summer-pdx.json": 7,
    "/programs/gunshot-detection-pilot/": 11,
    "/programs/portland-street-response/": 11,
    "/events/gunshot-detection-townhall/": 7,
    "/events/gunshot-detection-townhall.json": 2,
    "/events/gunshot-detection-townhall.ics": 2,
    "/events.ics": 2,
    "/grants/": 9,
    "/grants.json": 3,
    "/grantees/ario/": 8,
    "/grantees/ario.json": 3,
    "/grantees.json": 3,
    "/budget/": 10,
    "/budget.json": 5,
    "/budget.csv": 5,
    "/partners/": 11,
    "/partners.json": 5,
    "/search/": 6,
    # The search pages read the synonyms, then the acronyms, then count and fetch a page.
    "/search/?q=gun": 10,
    "/search/?q=PSR&page=2": 10,
    "/search/?q=abandoned+car": 10,
    "/search/?q=how+much": 10,
    "/search/?q=grantees": 10,
    "/search.json?q=violence": 5,
    "/data/": 6,
    "/data.json": 1,
    "/accessibility/": 6,
    "/updates.atom": 5,
    "/sitemap.xml": 8,
    "/robots.txt": 1,
    "/glossary/": 7,
    "/glossary.json": 2,
    "/feedback/?page=/budget/&helpful=no": 5,
    "/feedback/thanks/?page=/budget/": 5,
}


def count_queries(client, django_assert_max_num_queries):
    counts = {}
    for url, limit in PAGES.items():
        with django_assert_max_num_queries(limit, info=url) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(captured.captured_queries)
    return counts


def test_query_count_is_fixed(
    client, seeded, django_assert_max_num_queries, request, no_lazy_loads
):
    # One growth for all pages: building 800 rows per page would make this the slowest test.
    with_seed = count_queries(client, django_assert_max_num_queries)
    request.getfixturevalue("grown")
    with_grown = count_queries(client, django_assert_max_num_queries)
    changed = {
        url: (with_seed[url], with_grown[url]) for url in PAGES if with_seed[url] != with_grown[url]
    }
    assert not changed, f"queries (seed, grown) differ: {changed}"
