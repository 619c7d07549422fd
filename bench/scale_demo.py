"""Three app servers behind HAProxy, one PostgreSQL, one Redis: what scaling out must keep.

    make scale-demo            (or: .venv/bin/python bench/scale_demo.py [--crowd-duration 60])

No containers: three gunicorn servers on 127.0.0.1 (production settings, the
repository's gunicorn.conf.py if there is one), sharing one new PostgreSQL database
(migrated and seeded) and one Redis (``REDIS_URL``, else redis://127.0.0.1:6379/14,
emptied before and after), behind Debian's HAProxy with the configuration written into
a temporary folder: round robin, health checks on /healthz, retries and redispatch.
Then it shows:

(a) a change saved through one server is served by every server at once: a
    program's title is changed with the ORM in a process with server A's settings,
    then the page is requested from each server directly and through the proxy;
(b) killing a server mid-load loses no request: wrk through the proxy, and halfway
    through every process of server C is killed with SIGKILL; wrk must count no
    error. Server C is then started again and rejoins;
(c) 128 connections through the proxy for 60 s, every public page in turn: the
    issue's target is no error and a 99th percentile within 3x the median.

Exits 0 only when every check holds. Everything it starts or creates is removed on
exit, Ctrl-C included. Needs haproxy and wrk: as root it installs them with apt-get,
otherwise ``sudo apt-get install -y haproxy wrk``. Only 127.0.0.1 is contacted.
"""

import argparse
import csv
import io
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime

import stack
from stack import PAGES, Gunicorn, fetch, free_port, say

DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
PROGRAM = "safer-summer-pdx"

HAPROXY_CFG = """\
# Written by bench/scale_demo.py for one run; deploy/haproxy.cfg is the production one.
global
    maxconn 4096
    stats socket {socket} mode 600 level admin

defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout queue 30s
    timeout http-request 10s
    timeout check 2s
    # A request whose server refused it or closed without answering is sent again,
    # to another server each time.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response junk-response
    # A client that gave up is not served from the queue.
    option abortonclose

frontend site
    bind 127.0.0.1:{port}
    # Only a request that changes nothing may be sent twice.
    http-request disable-l7-retry unless METH_GET
    # The demo has no TLS; the production proxy terminates it and says so.
    http-request set-header X-Forwarded-Proto https
    option forwardfor
    default_backend app

backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host localhost
    http-check expect status 200
    # maxconn: one request per sync worker, the rest wait in HAProxy's fair queue.
    # A refused connection takes a server out at once; two good checks bring it back.
    default-server check inter 1s fall 2 rise 2 maxconn {maxconn}
    default-server observe layer4 error-limit 1 on-error mark-down
{servers}
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="per server, without a conf")
    parser.add_argument("--kill-duration", type=int, default=20, help="seconds of load in (b)")
    parser.add_argument("--kill-connections", type=int, default=32)
    parser.add_argument("--crowd", type=int, default=128, help="connections in (c)")
    parser.add_argument("--crowd-duration", type=int, default=60, help="seconds of (c)")
    parser.add_argument("--timeout", type=int, default=10, help="wrk's per-request timeout (s)")
    parser.add_argument("--postgres-url", default=stack.DEFAULT_POSTGRES)
    parser.add_argument("--redis-default", default=DEFAULT_REDIS)
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/")
    return parser.parse_args()


class HAProxy:
    def __init__(self, workdir, port, servers, maxconn):
        self.workdir = workdir
        self.port = port
        self.socket = workdir / "haproxy.sock"
        self.config = workdir / "haproxy.cfg"
        self.config.write_text(
            HAPROXY_CFG.format(
                socket=self.socket,
                port=port,
                maxconn=maxconn,
                servers="\n".join(
                    f"    server {server.name} 127.0.0.1:{server.port}" for server in servers
                ),
            )
        )
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        binary = stack.find_tool("haproxy")
        check = subprocess.run([binary, "-c", "-q", "-f", self.config], capture_output=True)
        if check.returncode:
            raise RuntimeError(f"haproxy refused its configuration:\n{check.stderr.decode()}")
        log = open(self.workdir / "haproxy.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [binary, "-db", "-f", self.config],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)

    def stats(self):
        """HAProxy's counters, by (proxy, server)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            sock.connect(str(self.socket))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        rows = csv.DictReader(io.StringIO(data.decode().lstrip("# ")))
        return {(row["pxname"], row["svname"]): row for row in rows}

    def status(self, name):
        return self.stats()[("app", name)]["status"]

    def wait_up(self, names, timeout=30):
        stack.wait_for(
            lambda: all(self.status(name) == "UP" for name in names),
            timeout,
            f"HAProxy's servers {', '.join(names)}",
        )


# --- (a) one change, every server --------------------------------------------------

CHANGE = """
from django.contrib.auth import get_user_model
from django.db import transaction
from programs.models import Program
from publishing import workflow

user, _ = get_user_model().objects.get_or_create(
    username="scale-demo", defaults={{"is_staff": True, "is_superuser": True}}
)
with transaction.atomic():
    program = Program.objects.select_for_update().get(slug={slug!r})
    assert workflow.can(user, "change", program) and not workflow.must_hold(user, program)
    program.title = {title!r}
    workflow.attribute(program, author=user, user=user)
    program.save()
print(program.title)
"""


def title_everywhere(servers, proxy, paths, title, through_proxy=6):
    """For each path, which of the servers (directly) and proxied requests show ``title``."""
    found = {}
    for path in paths:
        targets = [(server.name, server.port) for server in servers]
        targets += [(f"proxy #{n + 1}", proxy.port) for n in range(through_proxy)]
        found[path] = []
        for name, port in targets:
            answer = fetch(port, path)
            found[path].append((name, answer.status == 200 and title.encode() in answer.body))
    return found


def show_change(servers, proxy, env):
    paths = [f"/programs/{PROGRAM}/", "/programs/", "/"]
    old = fetch(servers[0].port, paths[0]).body.decode()
    old_title = old.split("<h1", 1)[1].split(">", 1)[1].split("<", 1)[0].strip()
    before = title_everywhere(servers, proxy, paths, old_title)
    paths = [path for path in paths if all(ok for _, ok in before[path])]
    new_title = f"{old_title} (changed {datetime.now():%H:%M:%S})"
    say(f"(a) Changing the title of {PROGRAM!r} through server {servers[0].name}'s settings")
    stack.manage(servers[0].env, "shell", "-c", CHANGE.format(slug=PROGRAM, title=new_title))
    committed = time.monotonic()
    after = title_everywhere(servers, proxy, paths, new_title)
    window = time.monotonic() - committed
    rows = []
    for path in paths:
        misses = [name for name, ok in after[path] if not ok]
        rows.append((path, len(after[path]) - len(misses), len(after[path]), misses))
    return old_title, new_title, rows, window


# --- (b) a server killed under load ------------------------------------------------


def kill_under_load(args, servers, proxy, script):
    victim = servers[-1]
    before = proxy.stats()
    command = stack.wrk_command(
        proxy.url + "/", args.kill_duration, args.kill_connections, 2, args.timeout, script
    )
    say(f"(b) {args.kill_duration} s of load through the proxy; server {victim.name} dies halfway")
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(args.kill_duration / 2)
        victim.kill(signal.SIGKILL)
        killed = time.monotonic()
        output, errors = wrk.communicate(timeout=args.kill_duration + args.timeout + 30)
    finally:
        if wrk.poll() is None:
            wrk.kill()
    if wrk.returncode:
        raise RuntimeError(f"wrk failed: {errors}")
    load = stack.parse_wrk(output)
    after = proxy.stats()
    status_after_kill = proxy.status(victim.name)

    def delta(column, server):
        return int(after[("app", server)][column] or 0) - int(before[("app", server)][column] or 0)

    retried = {
        "retries": delta("wretr", "BACKEND"),
        "redispatches": delta("wredis", "BACKEND"),
        "connection errors": delta("econ", "BACKEND"),
        "5xx from the proxy": delta("hrsp_5xx", "BACKEND"),
    }
    # The same server, started again, rejoins on its own.
    victim.process.wait(10)
    restarted = time.monotonic()
    victim.start().wait_ready()
    proxy.wait_up([victim.name])
    rejoined = time.monotonic() - restarted
    return victim, load, retried, status_after_kill, rejoined, time.monotonic() - killed


# --- (c) a crowd -------------------------------------------------------------------


def crowd(args, servers, proxy, script, database):
    say(f"(c) {args.crowd} connections through the proxy for {args.crowd_duration} s")
    server_side = stack.ServerSide(servers, database)
    load = stack.run_wrk(
        proxy.url + "/", args.crowd_duration, args.crowd, 2, args.timeout, script=script
    )
    return server_side.finish(load)


def verdict(ok):
    return "PASS" if ok else "FAIL"


def main():
    args = parse_args()
    stack.require_tools("haproxy", "wrk", install=True)
    started = time.monotonic()
    with stack.workspace("pdxsafety-scale-") as (workdir, cleanup):
        database = stack.start_database(cleanup, args.postgres_url)
        redis_url = stack.choose_redis(cleanup, os.environ.get("REDIS_URL"), args.redis_default)
        env, _ = stack.prepare(workdir, database.url, redis_url)
        app = stack.describe_app(env)
        names = [chr(ord("A") + n) for n in range(args.instances)]
        servers = []
        for name in names:
            server = Gunicorn(name, free_port(), dict(env), workdir, args.workers)
            stack.guarded(cleanup, f"stop gunicorn {name}", server.stop)
            servers.append(server.start())
        for server in servers:
            server.wait_ready()
        workers = len(servers[0].worker_pids())
        proxy = HAProxy(workdir, free_port(), servers, maxconn=workers)
        stack.guarded(cleanup, "stop haproxy", proxy.stop)
        proxy.start()
        proxy.wait_up(names)
        say(
            f"Servers {', '.join(f'{s.name} :{s.port}' for s in servers)} behind HAProxy "
            f":{proxy.port}"
        )
        script = stack.rotation_script(workdir / "pages.lua", PAGES)
        for path in PAGES:  # every worker has compiled its templates
            for _ in range(2 * len(servers) * workers):
                fetch(proxy.port, path)

        old_title, new_title, change_rows, window = show_change(servers, proxy, env)
        change_ok = bool(change_rows) and all(seen == total for _, seen, total, _ in change_rows)
        victim, kill_load, retried, down_status, rejoined, _ = kill_under_load(
            args, servers, proxy, script
        )
        kill_ok = kill_load.errors == 0 and kill_load.requests > 0
        database.close_idle = app["conn_max_age"] == 0 or app["conn_health_checks"]
        crowd_load = crowd(args, servers, proxy, script, database)
        crowd_errors_ok = crowd_load.errors == 0
        tail_ok = crowd_load.p99 <= 3 * crowd_load.p50

        shared_cache = stack.settings_mention("REDIS_URL")
        conf = "gunicorn.conf.py" if stack.GUNICORN_CONF.exists() else "no gunicorn.conf.py"
        socket_errors = ", ".join(f"{k} {v}" for k, v in kill_load.socket_errors.items())
        xacts = crowd_load.xacts_per_request
        report = [
            f"# Scale demo, {datetime.now():%Y-%m-%d %H:%M}",
            "",
            f"- code: {stack.git_describe()}, served from this folder",
            f"- {args.instances} gunicorn servers ({conf}; {workers} workers each) behind "
            f"HAProxy (round robin, /healthz checks, retries and redispatch, "
            f"maxconn {workers} per server)",
            f"- one PostgreSQL database (CONN_MAX_AGE={app['conn_max_age']}), one Redis: "
            f"{redis_url or 'none'}; caches {app['caches']}"
            + ("" if shared_cache else " (the settings do not read REDIS_URL yet)"),
            f"- machine: {stack.machine_summary()}",
            "",
            f"## (a) A change made through server {servers[0].name} is served by all at once",
            "",
            f"Title of `{PROGRAM}` changed from {old_title!r} to {new_title!r}; each page then "
            f"requested from every server directly and {6} times through the proxy, "
            f"all within {window * 1000:.0f} ms of the commit.",
            "",
            "| page | responses with the new title | stale |",
            "|---|---:|---|",
            *(
                f"| `{path}` | {seen} / {total} | {', '.join(misses) or 'none'} |"
                for path, seen, total, misses in change_rows
            ),
            "",
            f"## (b) Server {victim.name} killed (SIGKILL, every process) halfway through "
            f"{args.kill_duration} s of load",
            "",
            "| requests | req/s | non-2xx/3xx | socket errors | HAProxy retries | redispatches "
            "| connection errors |",
            "|---:|---:|---:|---|---:|---:|---:|",
            f"| {kill_load.requests} | {kill_load.rps:.0f} | {kill_load.bad_status} "
            f"| {socket_errors or 'none'} | {retried['retries']} | {retried['redispatches']} "
            f"| {retried['connection errors']} |",
            "",
            f"HAProxy marked {victim.name} {down_status} after the kill; started again, it was "
            f"back in rotation {rejoined:.1f} s later.",
            "",
            f"## (c) {args.crowd} connections through the proxy for {args.crowd_duration} s, "
            f"the {len(PAGES)} pages in turn",
            "",
            "| requests | req/s | p50 ms | p90 ms | p99 ms | p99 / p50 | errors "
            "| app CPU ms/req | SQL xacts/req |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {crowd_load.requests} | {crowd_load.rps:.0f} | {crowd_load.p50:.0f} "
            f"| {crowd_load.p90:.0f} | {crowd_load.p99:.0f} "
            f"| {crowd_load.p99 / crowd_load.p50:.1f} | {crowd_load.errors} "
            f"| {crowd_load.cpu_per_request:.1f} "
            f"| {xacts:.2f}{'' if database.close_idle else ' (approximate)'} |",
            "",
            "## Summary",
            "",
            f"- {verdict(change_ok)} (a) every server served the change at once"
            + ("" if shared_cache else " (no shared page cache yet: every request renders)"),
            f"- {verdict(kill_ok)} (b) {kill_load.errors} errors in {kill_load.requests} "
            f"requests while server {victim.name} was killed",
            f"- {verdict(crowd_errors_ok)} (c) {crowd_load.errors} errors with "
            f"{args.crowd} connections",
            f"- {verdict(tail_ok)} (c) p99 {crowd_load.p99:.0f} ms is "
            f"{crowd_load.p99 / crowd_load.p50:.1f}x the median {crowd_load.p50:.0f} ms "
            f"(target: at most 3x)",
            "",
            f"Total time {time.monotonic() - started:.0f} s.",
        ]
        stack.publish_report(report, "scale-demo", save=not args.no_save)
        return 0 if change_ok and kill_ok and crowd_errors_ok and tail_ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        say("Interrupted; everything started was stopped.")
        sys.exit(130)
