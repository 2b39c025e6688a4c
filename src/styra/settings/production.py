"""Production settings: the default for `styra serve`, `styra worker` and `wsgi.py`.

Every value comes from the environment (`.env.example`, `docs/deploy.md`):

- STYRA_SECRET_KEY (required to serve), STYRA_ALLOWED_HOSTS, DATABASE_URL.
- STYRA_HTTPS=1 (default): Styra runs behind a reverse proxy that ends TLS and sets
  `X-Forwarded-Proto`; plain HTTP is redirected to HTTPS (except `/health/`), cookies
  are sent over HTTPS only and browsers are told to use HTTPS only (HSTS,
  STYRA_HSTS_SECONDS, one year by default, with subdomains and preload).
  STYRA_HTTPS=0 is for a server on loopback without TLS (tests, a laptop) only.
- Static files are collected (`styra serve` runs collectstatic) and served by WhiteNoise
  with hashed, compressed names and far-future caching.
- Database connections are kept for STYRA_DB_CONN_MAX_AGE seconds (60) and checked
  before reuse, so a restarted database costs one failed request, not a dead worker.
"""

import os

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = os.environ.get("STYRA_DEBUG", "0") == "1"
# An empty key makes Django refuse to sign anything; `styra serve` says so up front.
SECRET_KEY = os.environ.get("STYRA_SECRET_KEY", "")

HTTPS = os.environ.get("STYRA_HTTPS", "1") == "1"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("STYRA_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("STYRA_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("STYRA_HSTS_PRELOAD", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # HTMX sends the token from the page, never from the cookie
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("STYRA_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("STYRA_DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
