"""Production. Refuses to start without a real secret key and allowed hosts."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50+ characters.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names.")

# Connections are kept for a minute: opening one cost about 10 ms per request even to a
# database on the same machine, more with TLS and a network between. The health check
# (base settings) replaces a kept connection that died with a database restart. Each
# gunicorn worker holds one: workers times servers must stay under the database's
# max_connections.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names let browsers cache static files forever; compressed copies save bandwidth.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Passkeys belong to the site's public address: its first host name, over HTTPS.
PASSKEY_ORIGIN = env("PASSKEY_ORIGIN", default="") or f"https://{ALLOWED_HOSTS[0]}"
OTP_WEBAUTHN_RP_ID = urlsplit(PASSKEY_ORIGIN).hostname
OTP_WEBAUTHN_ALLOWED_ORIGINS = [PASSKEY_ORIGIN]

# --- Transport security -------------------------------------------------------
# The app sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# That proxy appends the client's address to X-Forwarded-For.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=1)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# /healthz is probed over plain HTTP from inside the container.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# --- Cookies -------------------------------------------------------------------
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# The admin's forms read the token from the form field, never from script.
CSRF_COOKIE_HTTPONLY = True

# --- Browser policies ------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Staff sign-in ---------------------------------------------------------------
# Behind the proxy every request comes from the proxy's address; count failed
# logins by the client address it forwards instead.
AXES_CLIENT_IP_CALLABLE = "publishing.security.client_ip"
