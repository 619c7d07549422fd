"""Settings shared by every environment. Every value can come from the environment."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file is read only when asked for, so a stray file never changes production.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # PostgreSQL's search pieces (trigram index operator classes); inert on SQLite.
    "django.contrib.postgres",
    "simple_history",
    "axes",
    # The second factor at staff sign-in (publishing.second_factor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "publishing",
    # The content apps, in the order search, the feeds, the sitemap and /data/ list
    # what they contribute (see publishing.registry).
    "programs",
    "grants",
    "budget",
    "partners",
    "glossary",
    "feedback",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security.PermissionsPolicyMiddleware",
    # Before anything reads the body: an oversized one is refused unread.
    "portal.security.RequestSizeLimitMiddleware",
    # Outermost but for the security headers (and CSP, inserted below): a database
    # failure in anything after it answers 503, not 500.
    "portal.faults.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session middleware, so a cached page costs no session or cookie work.
    "portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells whether the signed-in person has passed their second factor this session.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages, to say why a session that ran past its time was ended.
    "publishing.signin.AbsoluteSessionLimitMiddleware",
    # Until the second factor is passed, the admin shows only the pages that ask for it.
    "publishing.second_factor.SecondFactorMiddleware",
    "portal.caching.HttpCachingMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the content history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: refuses logins while an account or address is locked out.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pdxsafety.urls"
WSGI_APPLICATION = "pdxsafety.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["publishing.templatetags.civic"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]


def database_settings(url):
    """One database from its URL. On PostgreSQL, a database that is down or hung fails a
    request within seconds instead of holding a worker until gunicorn kills it: the
    connection attempt and every statement have a time limit. A value given in the URL
    (``?connect_timeout=10``) wins over the environment's.
    """
    config = env.db_url_config(url)
    if "postgresql" not in config["ENGINE"] and "postgis" not in config["ENGINE"]:
        # SQLite is a local file: nothing to wait for, and it rejects these options.
        return config
    options = config.setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=3))
    statement_timeout = env.int("DB_STATEMENT_TIMEOUT_MS", default=5000)
    # Sent when connecting, so it costs no extra round trip; 0 turns the limit off.
    options["options"] = " ".join(
        filter(None, [options.get("options"), f"-c statement_timeout={statement_timeout}"])
    )
    return config


DATABASES = {
    "default": database_settings(
        env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A kept connection may have died with a database restart; checking it once at the start
# of each request replaces it instead of failing that request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Staff sign-in -------------------------------------------------------------
# Failed logins are counted per username and address together: counted apart, anyone
# who knew a publisher's username could lock them out from anywhere, and one person's
# typos on City Hall's shared address locked out everyone behind it. Past the limit,
# even the right password is refused from that address until the cool-off ends or a
# publisher lifts the pause (publishing.signin).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "publishing.signin.SignInHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# One address trying a few passwords on many accounts stays under the per-account
# limit; this many failures from one address, whatever the usernames, pause it. High
# enough that a shared office's typos never reach it within one cool-off.
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A pause lasts the cool-off from the failure that started it: counting tries made
# during it would restart it each time someone tried their (right) password again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# A less guessable admin address keeps most automated login attempts away.
ADMIN_URL = env("ADMIN_URL", default="admin/")
# A staff session ends after a working day without activity; every request extends it.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
# ...and, however active, this long after signing in (publishing.signin).
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)

# A password alone is not enough: every staff account passes a second factor, a passkey
# or a code from an authenticator app (or a single-use recovery code), before any admin
# page (publishing.second_factor). Wrong codes slow down: each one doubles the wait
# before the next try on that authenticator (django-otp), starting at one second.
OTP_TOTP_ISSUER = "PDX Community Safety"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# A passkey belongs to the site's host name, and the browser offers it only on the
# site's own address (scheme, host and port). An IP address cannot be a passkey's host:
# develop on http://localhost:8000.
PASSKEY_ORIGIN = env("PASSKEY_ORIGIN", default="") or "http://localhost:8000"
OTP_WEBAUTHN_RP_ID = urlsplit(PASSKEY_ORIGIN).hostname
OTP_WEBAUTHN_ALLOWED_ORIGINS = [PASSKEY_ORIGIN]
OTP_WEBAUTHN_RP_NAME = "PDX Community Safety"
# A passkey is a second factor here, never a way to sign in without the password.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# --- Email ---------------------------------------------------------------------
# Password-reset links and mail about held changes go out through Django's default mailer.
SMTP_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
}


def mailers(url):
    """Django's MAILERS from one URL as django-environ reads it, such as
    smtp+tls://user:password@smtp.example.org:587 or consolemail://."""
    config = env.email_url_config(url)
    backend = config["EMAIL_BACKEND"]
    if not backend.endswith(".smtp.EmailBackend"):
        # Only SMTP takes a server; the others refuse options they do not know.
        return {"default": {"BACKEND": backend}}
    options = {name: config[key] for key, name in SMTP_OPTIONS.items() if config.get(key)}
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


# An empty EMAIL_URL (as .env.example has it) means the default too.
MAILERS = mailers(env("EMAIL_URL", default="") or "smtp://localhost:25")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
# Mail about held changes links to the admin; a message has no request to take the host from.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# A reset link works for an hour: long enough to reach the inbox, short if it leaks.
PASSWORD_RESET_TIMEOUT = 60 * 60

LANGUAGE_CODE = "en-us"
# Every date on the site is Portland's; editors and residents both read Pacific time.
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic writes and WhiteNoise reads; the benchmarks point it at a temporary folder.
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SITE_NAME = "PDX Community Safety"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "filters": {"one_line_warning": {"()": "pdxsafety.log_filters.OneLineWarning"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # A bad Host header answers 400 and names the host in one line.
        "django.security.DisallowedHost": {"filters": ["one_line_warning"]},
        # A refused passkey (forged, from another site, or nonsense) answers 4xx and says
        # why in one line: django-otp-webauthn logs each at ERROR with a traceback.
        "django_otp_webauthn": {"filters": ["one_line_warning"]},
    },
}

# Content-Security-Policy (Django's own middleware). The site needs no inline
# script or style and loads nothing from another origin.
MIDDLEWARE.insert(1, "django.middleware.csp.ContentSecurityPolicyMiddleware")
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Permissions-Policy (portal.security): every browser feature in PERMISSIONS_POLICY is
# denied to every origin, this one included; the site uses none of them. Those in
# PERMISSIONS_POLICY_SELF are the site's own only: staff make and use passkeys.
PERMISSIONS_POLICY_SELF = ["publickey-credentials-create", "publickey-credentials-get"]
PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "bluetooth",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

# A form that expired, or a browser refusing cookies, gets the site's page: Django's own
# CSRF_FAILURE_VIEW renders templates/403_csrf.html when there is one.

# --- Request bodies ------------------------------------------------------------------
# The site takes no uploads; its largest body is an admin form of text. A larger body is
# refused with 413 before it is read (portal.security). Django's own limits back that up
# while a body is parsed: no file part is accepted, and none would be written to disk.
# A body sent without a length is never read under WSGI (gunicorn); an ASGI server
# would read it whole, so the site is not served over ASGI. The TLS proxy may cap
# bodies too.
# How many proxies in front of the app append the address they saw to X-Forwarded-For
# (publishing.security.client_ip). With none, the header is the client's own claim.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)

MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=2_621_440)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_NUMBER_FILES = 0
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
# Django's default, kept on purpose: an admin changelist page posts one field per row.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# --- Caching -----------------------------------------------------------------------
# With REDIS_URL, every server shares one Redis; without it, a file-based cache on
# this machine. Files rather than local memory because the page cache's invalidation
# lives in the cache: gunicorn's worker processes share files, not memory.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is down must cost a request milliseconds, not a worker.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", default=str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# The page cache (portal.page_cache): anonymous public responses, invalidated exactly.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_ALIAS = "default"
# Entries are invalidated when content changes, so this only bounds memory use.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=24 * 60 * 60)
# Names this release of the code in page-cache keys (e.g. the commit); empty: a
# fingerprint of the code and templates, so a deploy never serves the last one's pages.
RELEASE = env("RELEASE", default="")
PAGE_CACHE_SKIP_PREFIX = "/" + ADMIN_URL.lstrip("/")

# HTTP caching (portal.caching): how long shared caches may keep public responses.
CACHE_SECONDS_PAGES = env.int("CACHE_SECONDS_PAGES", default=300)
CACHE_SECONDS_DATA = env.int("CACHE_SECONDS_DATA", default=900)

# --- Feedback from residents (the feedback app) ------------------------------------------
# Each address may send this many forms in the window; more are refused (429).
FEEDBACK_RATE_LIMIT = env.int("FEEDBACK_RATE_LIMIT", default=5)
FEEDBACK_RATE_WINDOW_SECONDS = env.int("FEEDBACK_RATE_WINDOW_SECONDS", default=10 * 60)
# A form sent sooner than this after it was shown is a robot's; one shown longer ago
# than the second has expired.
FEEDBACK_MIN_SECONDS = env.int("FEEDBACK_MIN_SECONDS", default=3)
FEEDBACK_MAX_AGE_SECONDS = env.int("FEEDBACK_MAX_AGE_SECONDS", default=2 * 60 * 60)
