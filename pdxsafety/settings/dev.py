"""Local development: debug on, a throwaway secret, served on localhost only."""

from .base import *  # noqa: F403
from .base import env, mailers

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="development-only-not-secret-" + "x" * 32)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Password-reset mail is printed to the console rather than sent.
MAILERS = mailers(env("EMAIL_URL", default="") or "consolemail://")
# A template edited while the server runs shows on the next reload: pages are rendered
# afresh here unless PAGE_CACHE=true asks to try the cache.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE", default=False)
