"""Tests: fast hashing, plain static storage, the same database choice as the run."""

from .base import *  # noqa: F403
from .base import database_settings, env

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Production's time limits apply to a PostgreSQL run too. Requests here are not wrapped in
# a transaction (production's ATOMIC_REQUESTS): its savepoints would count in the query
# budgets; tests/test_faults.py turns it on where it matters.
DATABASES = {"default": database_settings(env("DATABASE_URL", default="sqlite://:memory:"))}
# Every login in the tests would otherwise log a line.
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "axes": {"level": "WARNING"}}}  # noqa: F405
# Each test starts with an empty cache of its own; the page cache is switched on by
# the tests about it, so other tests see every change they make at once.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_ENABLED = False
