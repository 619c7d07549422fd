"""Time and memory of each public page, against a trivial view measured in the same run.

    .venv/bin/python bench/pages.py [--rows 200] [--repeat 50]

Builds a throwaway SQLite database, loads the seed, grows it by --rows programs,
grantees, budget items and partners, then renders each page --repeat times with
Django's test client. Wall-clock times vary by machine; the ratio to /healthz
(one query, no template) is what to compare between runs.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    "/healthz",
    "/",
    "/programs/",
    "/programs/safer-summer-pdx/",
    "/events/gunshot-detection-townhall/",
    "/events/gunshot-detection-townhall.ics",
    "/grants/",
    "/grantees/ario/",
    "/budget/",
    "/budget.csv",
    "/partners/",
    "/search/?q=gun+violence",
    "/grantees.json",
    "/budget.json",
    "/sitemap.xml",
    "/updates.atom",
]


def setup_database(rows):
    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "pdxsafety.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    # Plain static storage needs no collected files; silence WhiteNoise's missing-folder note.
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    sys.path.insert(0, str(ROOT / "tests"))
    from decimal import Decimal

    from conftest import (
        make_award,
        make_budget_item,
        make_grantee,
        make_milestone,
        make_organization,
        make_program,
    )

    from budget.models import Budget
    from grants.models import GrantRound

    grant_round = GrantRound.objects.get(slug="spring-2022-gun-violence-reduction-grants")
    budget = Budget.objects.get(slug="fy22-23-budget")
    for _ in range(rows):
        organization = make_organization(is_listed_partner=True)
        program = make_program(lead_agency=organization)
        make_milestone(program)
        make_award(grant_round, make_grantee(), amount=Decimal("1000.00"))
        make_budget_item(budget, amount=Decimal("10.50")).programs.add(program)


def measure(client, url, repeat):
    from django.db import connection

    client.get(url)  # warm caches and template loading
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
    assert response.status_code == 200, (url, response.status_code)
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)
    ):
        client.get(url)
    tracemalloc.start()
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(timings), len(queries), peak, len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    setup_database(args.rows)
    from django.test import Client

    client = Client()
    results = {url: measure(client, url, args.repeat) for url in PAGES}
    baseline = results["/healthz"][0]
    print(f"{args.rows} extra rows of each kind, median of {args.repeat} requests")
    print("| page | median ms | x healthz | queries | peak KiB | HTML KiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for url, (median, queries, peak, size) in results.items():
        print(
            f"| `{url}` | {median * 1000:.1f} | {median / baseline:.1f} | {queries} "
            f"| {peak / 1024:.0f} | {size / 1024:.1f} |"
        )


if __name__ == "__main__":
    main()
