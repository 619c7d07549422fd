"""gunicorn in production. The Dockerfile runs ``gunicorn -c gunicorn.conf.py pdxsafety.wsgi``.

``PORT`` and ``WEB_CONCURRENCY`` set the address and the worker count; any other setting
can be overridden without rebuilding the image with ``GUNICORN_CMD_ARGS`` (for example
``GUNICORN_CMD_ARGS="--timeout 60"``), which gunicorn reads after this file.
"""

import os


def default_workers():
    # The CPUs this process may run on, not the machine's: a container pinned to two
    # cores of a large host would otherwise start dozens of workers, each holding a
    # database connection. A CPU quota (docker --cpus) is invisible here: set
    # WEB_CONCURRENCY then.
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return cores * 2 + 1


bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Sync workers: each serves one request at a time, the usual count for work that mostly
# waits on the database. Workers times servers must stay under PostgreSQL's
# max_connections (each keeps one, CONN_MAX_AGE).
workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers())

# A request that is still running after this many seconds has its worker killed and
# replaced. The database's own time limits (DB_CONNECT_TIMEOUT, DB_STATEMENT_TIMEOUT_MS)
# end a slow request well before this.
timeout = 30
# On a deploy or restart, requests in flight get this long to finish.
graceful_timeout = 30
# Seconds to wait for the next request on a kept-alive connection from the proxy. Sync
# workers close each connection after its response; this counts if GUNICORN_CMD_ARGS
# chooses threaded workers (--threads).
keepalive = 5
# Replacing each worker now and then bounds any slow memory growth; the jitter keeps
# the workers from all restarting at once. Cached pages come at well over a thousand
# a second, so the count is high: a replacement every thousand requests showed as
# second-long stalls in the benchmark's p99.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
# Workers are forked from a loaded app, so replacing one costs a fork, not an import
# of Django and the project. Nothing connects to the database at import time.
preload_app = True

# Access log to standard output and errors to standard error, for the container's logs.
accesslog = "-"
errorlog = "-"

# The app sits behind a TLS-terminating proxy: trust its X-Forwarded-Proto and
# X-Forwarded-For whatever its address. So the container must be reachable only through
# that proxy (see the README's "Container").
forwarded_allow_ips = "*"

# Heartbeat files in memory: a slow disk must not make healthy workers look stuck. gunicorn
# creates each with mkstemp, private to the app's user.
SHARED_MEMORY = "/dev/shm"  # noqa: S108
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY
