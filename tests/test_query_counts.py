"""Each public page runs the same number of queries however much content exists.

Every anonymous response costs one query more than its view: the HTTP caching
middleware reads when content last changed (for Last-Modified).
"""

import pytest

PAGES = {
    "/": 10,
    "/index.json": 7,
    "/programs/": 6,
    "/programs.json": 2,
    "/programs/safer-summer-pdx/": 10,
    "/programs/safer-summer-pdx.json": 7,
    "/programs/gunshot-detection-pilot/": 9,
    "/events/gunshot-detection-townhall/": 5,
    "/events/gunshot-detection-townhall.json": 2,
    "/events/gunshot-detection-townhall.ics": 2,
    "/events.ics": 2,
    "/grants/": 7,
    "/grants.json": 3,
    "/grantees/ario/": 6,
    "/grantees/ario.json": 3,
    "/grantees.json": 3,
    "/budget/": 7,
    "/budget.json": 4,
    "/budget.csv": 4,
    "/partners/": 9,
    "/partners.json": 5,
    "/search/": 4,
    "/search/?q=gun": 7,
    "/search/?q=PSR&page=2": 7,
    "/search.json?q=violence": 4,
    "/data/": 4,
    "/data.json": 1,
    "/updates.atom": 4,
    "/sitemap.xml": 8,
    "/robots.txt": 1,
}


def count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize(("url", "limit"), PAGES.items())
def test_query_count_is_fixed(
    client, seeded, url, limit, django_assert_max_num_queries, request, no_lazy_loads
):
    with_seed = count_queries(client, url, django_assert_max_num_queries, limit)
    request.getfixturevalue("grown")
    with_grown = count_queries(client, url, django_assert_max_num_queries, limit)
    assert with_grown == with_seed, f"{url}: {with_seed} queries with the seed, {with_grown} grown"
