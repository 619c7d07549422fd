"""Requests per second, latency and server CPU of each public page on the production stack.

    .venv/bin/python bench/serve.py [--duration 5] [--rounds 2] [--connections 8]

Production settings, a PostgreSQL database of its own (migrated and seeded), static
files collected into a temporary folder and served by WhiteNoise, gunicorn (the
repository's gunicorn.conf.py if there is one, else 2 sync workers), and wrk on
127.0.0.1. Every page is compared with the hashed stylesheet (the floor: WhiteNoise
answers it before any view runs) measured on the same server in the same round, so
the ratios mean something on a shared, noisy machine; the milliseconds do not.

With a page cache whose switch the settings read (``--uncached-env``, default
PAGE_CACHE=off), each page is measured on two servers side by side: one with the
cache (warmed before each run) and one with it off. Without one, only today's
behaviour is measured, as "uncached". "SQL xacts/req" is PostgreSQL's count of
transactions in the database per request served: 0 means no SQL at all.

The Markdown report goes to standard output and to bench/results/ (git-ignored);
progress goes to standard error. Needs wrk (``sudo apt-get install wrk``, or
``make bench-tools``), PostgreSQL, and optionally Redis (``REDIS_URL``, else
redis://127.0.0.1:6379/13 when a Redis answers there; that database is emptied).
Everything it starts or creates is removed on exit, Ctrl-C included.
"""

import argparse
import os
import sys
import time
from datetime import datetime

import stack
from stack import PAGES, Gunicorn, fetch, free_port, say

DEFAULT_REDIS = "redis://127.0.0.1:6379/13"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page run")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--crowd", type=int, default=128, help="connections of the crowd run")
    parser.add_argument("--crowd-duration", type=int, default=10)
    parser.add_argument("--timeout", type=int, default=10, help="wrk's per-request timeout (s)")
    parser.add_argument("--workers", type=int, default=2, help="without a gunicorn.conf.py")
    parser.add_argument(
        "--conn-max-age", type=int, help="CONN_MAX_AGE (s); default: what the settings say"
    )
    parser.add_argument("--postgres-url", default=stack.DEFAULT_POSTGRES)
    parser.add_argument("--redis-default", default=DEFAULT_REDIS)
    parser.add_argument(
        "--uncached-env",
        default="PAGE_CACHE=off",
        help="NAME=VALUE that turns the page cache off; cached runs happen when settings read NAME",
    )
    parser.add_argument("--pages", nargs="*", default=PAGES)
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/")
    parser.add_argument(
        "--install-tools", action="store_true", help="apt-get install wrk if missing (root)"
    )
    return parser.parse_args()


class Bench:
    def __init__(self, args, database, servers):
        self.args = args
        self.database = database
        self.servers = servers

    def measure(self, mode, path, connections, duration):
        server = self.servers[mode]
        # A request first: the page must really answer 200 (wrk counts a redirect as a
        # success), and a page cache is warm before the run.
        for _ in range(2):
            answer = fetch(server.port, path, timeout=self.args.timeout)
        if answer.status != 200:
            raise RuntimeError(f"{path} answered {answer.status} on the {mode} server")
        server_side = stack.ServerSide([server], self.database)
        load = stack.run_wrk(
            server.url + path, duration, connections, self.args.threads, self.args.timeout
        )
        server_side.finish(load)
        say(
            f"  {mode:8} {path:32} {load.rps:8.1f} req/s  p50 {load.p50:7.2f} ms  "
            f"p99 {load.p99:7.2f} ms  cpu {load.cpu_per_request:6.2f} ms/req  "
            f"errors {load.errors}"
        )
        return load


def ratio(value, floor):
    return f"{value / floor:.1f}" if floor else "-"


def page_table(results, floor_path, modes, pages):
    lines = [
        "| page | mode | round | req/s | % of floor | p50 ms | x floor | p99 ms | x floor "
        "| CPU ms/req | x floor | SQL xacts/req | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for path in [floor_path, *pages]:
        label = "floor: stylesheet" if path == floor_path else f"`{path}`"
        for mode in modes:
            for round_number, by_path in enumerate(results, 1):
                load, floor = by_path[mode][path], by_path[mode][floor_path]
                lines.append(
                    f"| {label} | {mode} | {round_number} | {load.rps:.0f} "
                    f"| {100 * load.rps / floor.rps:.0f}% | {load.p50:.1f} "
                    f"| {ratio(load.p50, floor.p50)} | {load.p99:.1f} "
                    f"| {ratio(load.p99, floor.p99)} | {load.cpu_per_request:.2f} "
                    f"| {ratio(load.cpu_per_request, floor.cpu_per_request)} "
                    f"| {load.xacts_per_request:.2f} | {load.errors} |"
                )
    return lines


def crowd_table(crowd, floor_path):
    lines = [
        "| target | mode | answered | served | req/s | p50 ms | p99 ms | p99 / p50 | CPU ms/req "
        "| SQL xacts/req | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (mode, path), load in crowd.items():
        label = "floor: stylesheet" if path == floor_path else f"`{path}`"
        lines.append(
            f"| {label} | {mode} | {load.requests} | {load.served} | {load.rps:.0f} "
            f"| {load.p50:.1f} | {load.p99:.1f} "
            f"| {ratio(load.p99, load.p50)} | {load.cpu_per_request:.2f} "
            f"| {load.xacts_per_request:.2f} | {load.errors} |"
        )
    return lines


def main():
    args = parse_args()
    stack.require_tools("wrk", install=args.install_tools)
    switch, _, switch_value = args.uncached_env.partition("=")
    cache_switch = stack.settings_mention(switch)
    started = time.monotonic()
    with stack.workspace("pdxsafety-bench-") as (workdir, cleanup):
        database = stack.start_database(cleanup, args.postgres_url)
        redis_url = stack.choose_redis(cleanup, os.environ.get("REDIS_URL"), args.redis_default)
        env, stylesheet = stack.prepare(workdir, database.url, redis_url)
        if args.conn_max_age is not None:
            env["CONN_MAX_AGE"] = str(args.conn_max_age)
        app = stack.describe_app(env)
        modes = {"uncached": {switch: switch_value}}
        if cache_switch:
            modes = {"cached": {}, **modes}
        servers = {}
        for mode, extra in modes.items():
            server = Gunicorn(mode, free_port(), {**env, **extra}, workdir, args.workers)
            stack.guarded(cleanup, f"stop the {mode} gunicorn", server.stop)
            servers[mode] = server.start()
        for server in servers.values():
            server.wait_ready()
        workers = {mode: len(server.worker_pids()) for mode, server in servers.items()}
        say(f"gunicorn up: {', '.join(f'{m} :{s.port}' for m, s in servers.items())}")

        # Closing the app's idle connections makes PostgreSQL's counts exact; a kept
        # connection closed that way fails the next request unless it is checked first.
        database.close_idle = app["conn_max_age"] == 0 or app["conn_health_checks"]
        bench = Bench(args, database, servers)
        # Warm-up: templates compiled, connections opened, every worker touched.
        for mode in servers:
            for path in [stylesheet, *args.pages]:
                for _ in range(2 * max(workers.values())):
                    fetch(servers[mode].port, path, timeout=args.timeout)

        results = []
        for round_number in range(1, args.rounds + 1):
            say(f"Round {round_number} of {args.rounds}")
            by_path = {mode: {} for mode in servers}
            for path in [stylesheet, *args.pages]:
                for mode in servers:
                    by_path[mode][path] = bench.measure(mode, path, args.connections, args.duration)
            results.append(by_path)

        say(f"{args.crowd} connections")
        crowd = {}
        for path in [stylesheet, "/"]:
            for mode in servers:
                crowd[mode, path] = bench.measure(mode, path, args.crowd, args.crowd_duration)

        conf = "gunicorn.conf.py" if stack.GUNICORN_CONF.exists() else "no gunicorn.conf.py"
        worker_text = ", ".join(f"{mode}: {count}" for mode, count in workers.items())
        cache_text = (
            f"on, off with {args.uncached_env}"
            if cache_switch
            else f"none found (the settings do not read {switch}): today's behaviour only"
        )
        report = [
            f"# Production stack benchmark, {datetime.now():%Y-%m-%d %H:%M}",
            "",
            f"- code: {stack.git_describe()}, served from this folder",
            f"- settings: pdxsafety.settings.prod, PostgreSQL, "
            f"CONN_MAX_AGE={app['conn_max_age']}, caches {app['caches']}",
            f"- middleware: {', '.join(app['middleware'])}",
            f"- gunicorn: {conf}; workers {worker_text}",
            f"- Redis: {redis_url or 'none'}; page cache: {cache_text}",
            f"- wrk: {args.connections} connections, {args.threads} thread(s), "
            f"{args.duration} s per run, {args.rounds} rounds; timeout {args.timeout} s",
            f"- floor: `{stylesheet}` (WhiteNoise, no view)",
            f"- machine: {stack.machine_summary()}",
            "",
            "Ratios are to the floor measured on the same server in the same round. "
            "CPU is the gunicorn master's and workers' time per request served (the "
            "requests wrk had sent when it stopped are served too, and counted). "
            "SQL xacts/req: PostgreSQL's count of transactions in the database, per request"
            + ("." if database.close_idle else " (approximate: kept connections unchecked)."),
            "",
            f"## Each page, {args.connections} connections",
            "",
            *page_table(results, stylesheet, list(servers), args.pages),
            "",
            f"## {args.crowd} connections, {args.crowd_duration} s",
            "",
            *crowd_table(crowd, stylesheet),
            "",
            f"Total time {time.monotonic() - started:.0f} s.",
        ]
        stack.publish_report(report, "serve", save=not args.no_save)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        say("Interrupted; everything started was stopped.")
        sys.exit(130)
