"""The production stack on this machine, for bench/serve.py and bench/scale_demo.py.

A throwaway PostgreSQL database (migrated and seeded), static files collected into a
temporary folder, gunicorn servers and HAProxy each in a process group of its own,
wrk runs parsed into numbers, and one cleanup that undoes all of it, on errors and
on Ctrl-C too. Only 127.0.0.1 is ever contacted.
"""

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

# The public pages measured, from cheapest to dearest kind: HTML, JSON, search, feeds.
PAGES = [
    "/",
    "/programs/",
    "/programs/safer-summer-pdx/",
    "/budget/",
    "/grantees.json",
    "/search/?q=gun+violence",
    "/updates.atom",
    "/sitemap.xml",
]
STYLESHEET = "css/site.css"

HOST = "127.0.0.1"
# As the TLS-terminating proxy in front of the app would say; without it the production
# settings redirect every request to https.
FORWARDED = {"X-Forwarded-Proto": "https"}
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
TOOLS_HINT = "sudo apt-get install -y wrk haproxy   (or: make bench-tools)"


def publish_report(lines, prefix, save=True):
    """Print a run's Markdown report and keep a dated copy under bench/results/."""
    text = "\n".join(lines) + "\n"
    print(text)
    if save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{prefix}-{datetime.now():%Y%m%d-%H%M%S}.md"
        path.write_text(text)
        say(f"Written to {path.relative_to(ROOT)}")


def say(message):
    """Progress goes to standard error; standard output is kept for the report."""
    print(message, file=sys.stderr, flush=True)


def stop_on_sigterm():
    """Turn SIGTERM and SIGHUP into SystemExit, so that every ``finally`` still runs."""

    def leave(signum, _frame):
        say(f"{signal.Signals(signum).name}: stopping everything started")
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, leave)
    signal.signal(signal.SIGHUP, leave)


# --- Tools ---------------------------------------------------------------------------


def find_tool(name):
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin:/usr/local/sbin")


def require_tools(*names, install=False):
    """Every tool's path; with ``install`` (and root), missing ones come from apt-get."""
    missing = [name for name in names if not find_tool(name)]
    if missing and install and os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"Installing {' '.join(missing)} with apt-get ...")
        quiet = {"stdout": subprocess.DEVNULL, "check": True}
        apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=apt_env, **quiet)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], env=apt_env, **quiet)
        missing = [name for name in names if not find_tool(name)]
    if missing:
        raise SystemExit(f"{' and '.join(missing)} not found. Install with:\n    {TOOLS_HINT}")
    return {name: find_tool(name) for name in names}


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def git_describe():
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{commit}{' (uncommitted changes)' if dirty else ''}" or "unknown"


# --- HTTP ----------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes


def fetch(port, path, timeout=10, headers=None):
    """One GET to 127.0.0.1:``port``, redirects not followed."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={**FORWARDED, **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def wait_for(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if check():
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} not ready after {timeout} s")


# --- Redis (a few raw commands; the project needs no Redis client for its tools) --------


def redis_command(url, *args, timeout=2):
    parts = urlsplit(url)
    database = (parts.path or "/0").strip("/") or "0"
    commands = []
    if parts.password:
        commands.append(["AUTH", *([parts.username] if parts.username else []), parts.password])
    commands += [["SELECT", database], list(args)]
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"Refusing to touch a Redis that is not on this machine: {url}")
    payload = b"".join(
        f"*{len(command)}\r\n".encode()
        + b"".join(f"${len(str(a).encode())}\r\n{a}\r\n".encode() for a in command)
        for command in commands
    )
    with socket.create_connection((parts.hostname, parts.port or 6379), timeout) as sock:
        sock.sendall(payload)
        reader = sock.makefile("rb")
        replies = [reader.readline().decode().strip() for _ in commands]
    errors = [reply for reply in replies if reply.startswith("-")]
    if errors:
        raise RuntimeError(f"Redis said {errors[0]}")
    return replies[-1]


def redis_available(url):
    try:
        return redis_command(url, "PING") == "+PONG"
    except OSError:
        return False


# --- PostgreSQL ----------------------------------------------------------------------


class Database:
    """A database of its own on the PostgreSQL server at ``admin_url``, dropped at the end."""

    def __init__(self, admin_url):
        import psycopg

        self.psycopg = psycopg
        self.admin_url = admin_url
        self.name = f"pdxsafety_bench_{os.getpid()}_{secrets.token_hex(3)}"
        parts = urlsplit(admin_url)
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        self.close_idle = True  # see transactions()
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"Refusing to use a PostgreSQL that is not on this machine: {parts}")

    def admin(self, sql):
        with self.psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)

    def create(self):
        self.admin(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def transactions(self):
        """Transactions committed or rolled back in this database so far, every one
        counted.

        A backend reports its counts when it exits, and otherwise up to about ten seconds
        late, so with ``close_idle`` the app's idle connections are closed first (a kept
        connection is then reopened by the app's next request, if CONN_HEALTH_CHECKS is
        on). Connections still busy are waited for, a few seconds at most.
        """
        by_name = [self.name]
        with self.psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            deadline = time.monotonic() + 5
            while self.close_idle and time.monotonic() < deadline:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND state = 'idle'",
                    by_name,
                )
                left = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", by_name
                ).fetchone()[0]
                if not left:
                    break
                time.sleep(0.05)
            count = None
            while time.monotonic() < deadline:
                previous, count = (
                    count,
                    conn.execute(
                        "SELECT xact_commit + xact_rollback FROM pg_stat_database"
                        " WHERE datname = %s",
                        by_name,
                    ).fetchone()[0],
                )
                if count == previous:
                    break
                time.sleep(0.05)
        return count


# --- The application -----------------------------------------------------------------


def app_environment(database_url, static_root, redis_url=None, **extra):
    """The production settings, as a deployment would set them."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_READ_DOT_ENV_FILE", "REDIS_URL", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="pdxsafety.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        DEBUG="false",
        # This folder's code, whatever else the interpreter has installed.
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PYTHONDONTWRITEBYTECODE="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def check_served_code(env):
    """Refuse to go on unless this folder's packages are the ones imported, as gunicorn
    (same interpreter, cwd and PYTHONPATH) will import them: the interpreter may have
    another checkout installed in editable mode."""
    code = "import pdxsafety, portal; print(pdxsafety.__file__); print(portal.__file__)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    paths = result.stdout.split()
    if result.returncode or not all(Path(p).is_relative_to(ROOT) for p in paths):
        raise RuntimeError(f"The app would not be imported from {ROOT}: {result.stdout}")


def prepare(workdir, database_url, redis_url=None):
    """Migrate and seed the database, collect static files; the environment and the
    stylesheet's hashed address."""
    static_root = Path(workdir) / "static"
    env = app_environment(database_url, static_root, redis_url)
    check_served_code(env)
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    manage(env, "seed")
    manage(env, "collectstatic", "--noinput")
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    stylesheet = "/static/" + manifest["paths"][STYLESHEET]
    elapsed = time.monotonic() - started
    say(f"Database migrated and seeded, static files collected ({elapsed:.0f} s)")
    return env, stylesheet


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid, children=True):
    """CPU seconds of a process (and of its children that it has reaped)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # After the name: state is fields[0]; utime, stime, cutime, cstime are 14-17 in proc(5).
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / CLOCK_TICKS


def children_of(pid):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError), open(f"/proc/{entry}/stat") as stat:
            # After the name: state, then the parent's pid.
            if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def gunicorn_has_setting(name):
    from gunicorn.config import KNOWN_SETTINGS

    return any(setting.name == name for setting in KNOWN_SETTINGS)


def describe_app(env):
    """What the settings in ``env`` amount to, as the app sees them."""
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'conn_max_age': s.DATABASES['default'].get('CONN_MAX_AGE'), "
        "'conn_health_checks': s.DATABASES['default'].get('CONN_HEALTH_CHECKS', False), "
        "'caches': {k: v['BACKEND'].rsplit('.', 1)[-1] for k, v in s.CACHES.items()}, "
        "'middleware': [m.rsplit('.', 1)[-1] for m in s.MIDDLEWARE]}))"
    )
    return json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])


@dataclass
class Gunicorn:
    """One app server: a gunicorn master and its workers, in a process group of its own.

    With a gunicorn.conf.py at the repository root, gunicorn reads it (the worker count
    included); otherwise ``workers`` sync workers. ``WEB_CONCURRENCY`` is set to
    ``workers`` either way, which gunicorn and a conf file that reads it both follow.
    """

    name: str
    port: int
    env: dict
    logdir: Path
    workers: int = 2
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    def start(self):
        command = [sys.executable, "-m", "gunicorn", "pdxsafety.wsgi", "--chdir", str(ROOT)]
        command += ["--bind", f"{HOST}:{self.port}"]
        # Each request's status, to count what the server did (wrk only sees answers that
        # arrive before it stops; requests already sent are still served after).
        command += ["--access-logfile", str(self.access_log), "--access-logformat", "%(s)s"]
        if gunicorn_has_setting("control_socket"):
            # Gunicorn 27's control socket defaults to one path per user: one per server.
            command += ["--control-socket", str(Path(self.logdir) / f"gunicorn-{self.name}.ctl")]
        if GUNICORN_CONF.exists():
            command += ["--config", str(GUNICORN_CONF)]
        else:
            command += ["--workers", str(self.workers)]
        log = open(Path(self.logdir) / f"gunicorn-{self.name}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, "WEB_CONCURRENCY": str(self.workers)},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        return self

    def wait_ready(self, timeout=60):
        def healthy():
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} exited:\n{self.log_tail()}")
            return fetch(self.port, "/healthz", timeout=2).status == 200

        wait_for(healthy, timeout, f"gunicorn {self.name} on port {self.port}")
        wait_for(lambda: len(self.worker_pids()) >= 1, 10, f"gunicorn {self.name}'s workers")
        return self

    @property
    def access_log(self):
        return Path(self.logdir) / f"access-{self.name}.log"

    def served(self):
        """Requests served so far, and how many of them answered 4xx or 5xx."""
        try:
            statuses = self.access_log.read_text().split()
        except FileNotFoundError:
            return 0, 0
        return len(statuses), sum(1 for status in statuses if status >= "400")

    def wait_idle(self, timeout=60, quiet=0.01, interval=0.25):
        """Until the server has used less than ``quiet`` CPU seconds in ``interval``: the
        requests queued before a load run ended have been served."""
        deadline = time.monotonic() + timeout
        last = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(interval)
            now = self.cpu_seconds()
            if now - last < quiet:
                return
            last = now
        say(f"gunicorn {self.name} still busy after {timeout} s")

    def log_tail(self, lines=20):
        path = Path(self.logdir) / f"gunicorn-{self.name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def worker_pids(self):
        return children_of(self.process.pid) if self.alive() else []

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def cpu_seconds(self):
        """Master and workers, including workers that have been replaced since the start."""
        total = process_cpu(self.process.pid)
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                total += process_cpu(pid, children=False)
        return total

    def kill(self, sig=signal.SIGKILL):
        """Every process of this server at once, as a crashed machine would lose them."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)

    def stop(self, grace=10):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.kill(signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.kill(signal.SIGKILL)
                self.process.wait(5)
        # Workers left behind by a killed master stop when they notice; make sure.
        self.kill(signal.SIGKILL)


class ServerSide:
    """What ``servers`` and the database did over a load run, per request served.

    Starts once the servers are idle; ``finish`` waits until they are idle again, so that
    the requests wrk had sent but not seen answered are counted along with their cost.
    """

    def __init__(self, servers, database):
        self.servers = servers
        self.database = database
        self.start = self.totals()

    def totals(self):
        for server in self.servers:
            server.wait_idle()
        xacts = self.database.transactions()
        return (
            sum(server.cpu_seconds() for server in self.servers),
            sum(server.served()[0] for server in self.servers),
            xacts,
        )

    def finish(self, load):
        end = self.totals()
        cpu, served, xacts = (after - before for after, before in zip(end, self.start, strict=True))
        load.served = served
        load.cpu_per_request = cpu * 1000 / max(served, 1)
        load.xacts_per_request = xacts / max(served, 1)
        return load


# --- wrk -----------------------------------------------------------------------------

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Load:
    requests: int
    seconds: float
    rps: float
    p50: float  # milliseconds
    p75: float
    p90: float
    p99: float
    bad_status: int
    socket_errors: dict
    # What the servers did, the requests still queued when wrk stopped included.
    served: int | None = None
    cpu_per_request: float | None = None  # milliseconds
    xacts_per_request: float | None = None
    raw: str = ""

    @property
    def errors(self):
        return self.bad_status + sum(self.socket_errors.values())


def parse_wrk(output):
    def number(pattern, default=None):
        match = re.search(pattern, output)
        if not match:
            if default is None:
                raise RuntimeError(f"Unexpected wrk output (no {pattern!r}):\n{output}")
            return default
        return match

    def latency(percent):
        match = number(rf"\n\s*{percent}%\s+([\d.]+)(us|ms|s|m)\b")
        return float(match[1]) * UNITS[match[2]]

    done = number(r"(\d+) requests in ([\d.]+)(us|ms|s|m)")
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Load(
        requests=int(done[1]),
        seconds=float(done[2]) * UNITS[done[3]] / 1000,
        rps=float(number(r"Requests/sec:\s+([\d.]+)")[1]),
        p50=latency(50),
        p75=latency(75),
        p90=latency(90),
        p99=latency(99),
        bad_status=int(bad[1]) if bad else 0,
        socket_errors=dict(
            zip(("connect", "read", "write", "timeout"), map(int, errors.groups()), strict=True)
        )
        if errors
        else {},
        raw=output,
    )


def wrk_command(url, duration, connections, threads=1, timeout=10, script=None):
    command = [find_tool("wrk"), "--latency", f"-t{min(threads, connections)}"]
    command += [f"-c{connections}", f"-d{duration}s", "--timeout", f"{timeout}s"]
    for name, value in FORWARDED.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    return [*command, url]


def run_wrk(url, duration, connections, threads=1, timeout=10, script=None):
    command = wrk_command(url, duration, connections, threads, timeout, script)
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + timeout + 30
    )
    if result.returncode:
        raise RuntimeError(f"wrk failed: {result.stderr or result.stdout}")
    return parse_wrk(result.stdout)


def rotation_script(path, pages):
    """A wrk script that requests ``pages`` in turn, like a crowd reading the site."""
    listed = ", ".join(json.dumps(page) for page in pages)
    path.write_text(
        f"local paths = {{{listed}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\n'
        "end\n"
    )
    return path


# --- Cleanup -------------------------------------------------------------------------


@contextlib.contextmanager
def workspace(prefix):
    """A temporary folder and an ExitStack for everything started in it, all undone on the
    way out, whatever the way out (an error, Ctrl-C, SIGTERM)."""
    stop_on_sigterm()
    with contextlib.ExitStack() as cleanup:
        workdir = Path(tempfile.mkdtemp(prefix=prefix))
        cleanup.callback(shutil.rmtree, workdir, ignore_errors=True)
        yield workdir, cleanup


def guarded(cleanup, what, action):
    """Register ``action`` to run at cleanup; one failing cleanup step does not skip the
    others, and says what it could not undo."""

    def run():
        # Ctrl-C during cleanup must not leave things running.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            action()
        except Exception as error:
            say(f"Cleanup: could not {what}: {error}")
        finally:
            signal.signal(signal.SIGINT, previous)

    cleanup.callback(run)


def start_database(cleanup, admin_url):
    database = Database(admin_url)
    database.create()
    guarded(cleanup, f"drop database {database.name}", database.drop)
    say(f"Created database {database.name}")
    return database


def choose_redis(cleanup, url, default):
    """The Redis to share: ``url`` (REDIS_URL) as given, else ``default`` if a Redis
    answers there. The tools' own default database is emptied before and after."""
    chosen = url or default
    if not redis_available(chosen):
        if url:
            raise SystemExit(f"No Redis answers at REDIS_URL={url}")
        say(f"No Redis at {default}: the app runs with its default cache.")
        return None
    if not url:
        redis_command(chosen, "FLUSHDB")
        guarded(cleanup, f"empty {chosen}", lambda: redis_command(chosen, "FLUSHDB"))
    return chosen


def settings_mention(name):
    """Whether the settings read ``name`` (how the tools find the page cache's switch)."""
    return any(
        re.search(rf"\b{re.escape(name)}\b", path.read_text())
        for path in (ROOT / "pdxsafety" / "settings").glob("*.py")
    )


def machine_summary():
    load = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {load[0]:.2f} at the start"
