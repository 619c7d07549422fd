"""Each public page runs the same number of queries however much content exists."""

import pytest

PAGES = {
    "/": 9,
    "/programs/": 5,
    "/programs/safer-summer-pdx/": 10,
    "/programs/gunshot-detection-pilot/": 10,
    "/events/gunshot-detection-townhall/": 4,
    "/events/gunshot-detection-townhall.ics": 1,
    "/grants/": 7,
    "/grantees/ario/": 5,
    "/budget/": 6,
    "/budget.csv": 3,
    "/partners/": 8,
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
