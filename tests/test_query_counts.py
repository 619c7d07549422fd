"""Each public page runs the same number of queries however much content exists."""

import pytest

# Every page that renders base.html runs one query for the site-wide alerts.
PAGES = {
    "/": 12,
    "/programs/": 6,
    "/programs/safer-summer-pdx/": 11,
    "/programs/gunshot-detection-pilot/": 11,
    "/events/gunshot-detection-townhall/": 5,
    "/events/gunshot-detection-townhall.ics": 1,
    "/grants/": 8,
    "/grantees/ario/": 6,
    "/budget/": 7,
    "/budget.csv": 3,
    "/partners/": 9,
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
