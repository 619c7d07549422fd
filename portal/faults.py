"""When the database cannot be reached, pages answer 503 with ``Retry-After``, not 500.

A database that is down, restarting or out of connections is a temporary state, and the
503 page says so and gives 9-1-1 and 311, which a visitor may need right then. The page
is rendered without a request context: the site alert and the 311 block come from the
database, so the context processors must not run.

The failure reaches Django in one of two ways. In a view (the common case: with
``ATOMIC_REQUESTS`` the request's transaction fails to open before the view's first
line) the middleware's ``process_exception`` answers. In another middleware (a session
cookie's user lookup, a response's ``Last-Modified``) Django turns the exception into a
response with ``handler500``, which is :func:`server_error` here.

Each worker logs an outage in a few lines (see :class:`Outage`), never one per request
and never a traceback: a crowd hitting a dead database must not bury the log.
"""

import logging
import sys
import threading
import time

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)

# Errors that mean "could not talk to the database", as opposed to a bad query. A
# statement cancelled by statement_timeout is an OperationalError too: a hung database.
UNAVAILABLE = (OperationalError, InterfaceError)

# Long enough for a database restart or fail-over, short enough that a visitor retrying
# by hand is not told to wait for nothing.
RETRY_AFTER_SECONDS = 30


def describe(exception):
    # The driver's message can run to several lines (host, port, hint); the first says it.
    lines = str(exception).strip().splitlines()
    return f"{type(exception).__name__}: {lines[0] if lines else ''}"


class Outage:
    """One worker's view of a database outage, so that it is logged, not flooded.

    At most one line per ``REPEAT_SECONDS``, whatever the crowd: the first failure says
    what went wrong, later ones are counted into a "still unavailable" line, and the
    first request served from the database again says how long it lasted. A database
    that flaps (a locked table times out some requests, others succeed) stays within
    the same budget: an outage that starts too soon after the last line is counted,
    and announced only once the minute is up.
    """

    REPEAT_SECONDS = 60

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.lock = threading.Lock()
        self.started = None
        self.announced = False
        self.failures = 0
        self.unreported = 0
        self.logged_at = None

    @property
    def ongoing(self):
        return self.started is not None

    def failed(self, exception):
        now = self.clock()
        with self.lock:
            if self.started is None:
                self.started, self.failures = now, 0
            self.failures += 1
            self.unreported += 1
            if self.logged_at is not None and now - self.logged_at < self.REPEAT_SECONDS:
                return
            announced, self.announced = self.announced, True
            count, self.unreported, self.logged_at = self.unreported, 0, now
            duration = now - self.started
        if announced:
            logger.error(
                "Database still unavailable after %ds: %s (requests answered 503 since: %d)",
                duration,
                describe(exception),
                count,
            )
        else:
            logger.error(
                "Database unavailable, answering 503: %s (requests: %d)",
                describe(exception),
                count,
            )

    def ended(self):
        now = self.clock()
        with self.lock:
            if self.started is None:
                return
            announced, duration, failures = self.announced, now - self.started, self.failures
            self.started, self.announced = None, False
            if not announced:
                return
            self.unreported, self.logged_at = 0, now
        logger.warning(
            "Database reachable again after %ds (requests answered 503: %d)", duration, failures
        )


outage = Outage()


def logged_once(request, response, exception):
    """Count the failure in the outage's log, once per request (a signed-in visitor's
    request can fail in the view and again in middleware), and keep Django from logging
    the response too: that would be a line per request, and a traceback for a failure
    raised in middleware.
    """
    if not getattr(request, "database_unavailable", False):
        request.database_unavailable = True
        outage.failed(exception)
    response._has_been_logged = True
    return response


def database_unavailable(request, exception):
    """The 503 page. Reads no request and no database, so it renders in any state."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Never kept by a shared cache: it would go on serving the outage after it ended.
    add_never_cache_headers(response)
    return logged_once(request, response, exception)


def database_answered():
    """Whether a connection is open and has had no error since it was last checked."""
    return connection.connection is not None and not connection.errors_occurred


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if outage.ongoing and response.status_code < 500 and database_answered():
            outage.ended()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            return database_unavailable(request, exception)
        return None


def server_error(request):
    """``handler500``: the 503 page when the error is the database's, else Django's 500."""
    exception = sys.exception()
    if isinstance(exception, UNAVAILABLE):
        return database_unavailable(request, exception)
    return defaults.server_error(request)
