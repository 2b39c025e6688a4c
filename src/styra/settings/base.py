"""Settings shared by every environment.

Layers: `base` (this file) → `dev`, `test`, `production`. Every setting Styra reads is
declared here or in a layer, read from the environment where it may differ between
installations, and documented in `.env.example` and `docs/settings.md`. Code reads
`settings.NAME` directly, never with a fallback: a setting that is not declared is a
bug and fails loudly.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from styra.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
# The repository root in a development checkout; `var/` holds the SQLite database.
PROJECT_DIR = Path(os.environ.get("STYRA_PROJECT_DIR", Path.cwd()))
VAR_DIR = Path(os.environ.get("STYRA_VAR_DIR", PROJECT_DIR / "var"))

SECRET_KEY = os.environ.get("STYRA_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = os.environ.get("STYRA_DEBUG", "0") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("STYRA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "styra.formats",
    "styra.org",
    "styra.plans",
    "styra.followup",
    "styra.access",
    "styra.jobs",
    "styra.economy.ledger",
    "styra.economy.registers",
    "styra.planning",
    "styra.stats",
    "styra.reports",
    "styra.web",
    "styra.api",
]

MIDDLEWARE = [
    # First: the load balancer's probe is answered before host checks and redirects.
    "styra.web.middleware.HealthCheckMiddleware",
    "styra.web.middleware.RequestLogMiddleware",
    # Repeated reads of one request (roles, the organisation's tree) are read once.
    "styra.web.middleware.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A NUL in a web address or query: 404/400 before any view puts it in a query.
    "styra.web.middleware.NulCharacterMiddleware",
    # Records each request made with an API token (who, what, when, the answer).
    "styra.api.middleware.TokenUseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "styra.urls"
WSGI_APPLICATION = "styra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'styra.sqlite3'}"),
        conn_max_age=int(os.environ.get("STYRA_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Parallel saves on SQLite (docs/security.md): a write transaction takes the write
    # lock when it begins (IMMEDIATE), instead of failing at once with "database is
    # locked" when it tries to upgrade a read lock another writer blocks; it waits for
    # the lock up to STYRA_SQLITE_TIMEOUT seconds. WAL lets pages be read meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("STYRA_SQLITE_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Prepared statements (docs/scaling.md): a query a connection has run
    # STYRA_DB_PREPARE times (5) is parsed and planned once and then only executed, which
    # took PostgreSQL's CPU per item page from 12 to 4 ms. psycopg prepares only with
    # server-side binding. 0 turns both off (a pooler without prepared statements, such
    # as PgBouncer before 1.21 in transaction mode).
    prepare = int(os.environ.get("STYRA_DB_PREPARE", "5"))
    if prepare > 0:
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=prepare)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"

# Sign-in throttling with django-axes (docs/security.md): after STYRA_LOGIN_FAILURE_LIMIT
# failed sign-ins for one username, or from one address, further attempts are refused
# for STYRA_LOGIN_COOLOFF_MINUTES, even with the right password; a successful sign-in
# clears that username's and address's failures. The address is REMOTE_ADDR, or behind
# STYRA_PROXY_COUNT trusted reverse proxies the client's address in X-Forwarded-For.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("STYRA_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("STYRA_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "styra.web.views.login_locked_out"
AXES_VERBOSE = False
_proxies = int(os.environ.get("STYRA_PROXY_COUNT", "0"))
if _proxies:
    AXES_IPWARE_PROXY_COUNT = _proxies
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# OpenID Connect sign-in (docs/sso.md), switched on by its client id.
STYRA_OIDC_ENABLED = False
# The identity provider's claim that holds the username (falls back to the e-mail).
OIDC_USERNAME_CLAIM = os.environ.get("STYRA_OIDC_USERNAME_CLAIM", "preferred_username")
if os.environ.get("STYRA_OIDC_RP_CLIENT_ID"):
    from .oidc import *  # noqa: E402, F403

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Numbers are formatted by styra.formats.numbers, never by Django's localisation.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

EMAIL_BACKEND = os.environ.get(
    "STYRA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("STYRA_FROM_EMAIL", "styra@localhost")
EMAIL_HOST = os.environ.get("STYRA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("STYRA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("STYRA_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("STYRA_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("STYRA_EMAIL_USE_TLS", "0") == "1"
# Workflow notifications (submitted, returned, approved) also go out by e-mail when set.
STYRA_NOTIFY_EMAIL = os.environ.get("STYRA_NOTIFY_EMAIL", "0") == "1"
# Reminders of the report season (styra.followup.services.reminders): this many days
# before a round's reporting deadline, and once after it; links in mails start with
# STYRA_SITE_URL (e.g. https://styra.region.se).
STYRA_REMINDER_DAYS_BEFORE = int(os.environ.get("STYRA_REMINDER_DAYS_BEFORE", "3"))
STYRA_SITE_URL = os.environ.get("STYRA_SITE_URL", "http://localhost:8000").rstrip("/")

# Content Security Policy (django-csp): scripts, styles, images and requests only from
# Styra itself. Vega charts run without injected <style> elements; the two pages that
# draw them (the report preview and the dashboard) add 'unsafe-eval' for Vega's
# expressions in their views, inline scripts stay forbidden everywhere; HTMX's indicator styles are in styra.css. Style *attributes*
# stay allowed: status badges take their colours from the status scale (data) through
# CSS variables in a style attribute, and Vega's SVG sets some; they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logs: one line per event on standard output, JSON (default) or text, each with its
# request id (styra.logs). STYRA_LOG_LEVEL: DEBUG, INFO (default), WARNING, ERROR.
LOGGING = logging_config(
    fmt=os.environ.get("STYRA_LOG_FORMAT", "json"),
    level=os.environ.get("STYRA_LOG_LEVEL", "INFO"),
)

# Background jobs (docs/jobs.md): django-tasks with its database backend, run by
# `styra worker`. A running job's worker beats its heart every 10 s; a job silent for
# STYRA_JOB_STALE_SECONDS on another machine (or whose worker process is gone on this
# one) is retried or failed. Finished jobs are kept STYRA_JOB_KEEP_DAYS days.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
STYRA_JOB_STALE_SECONDS = int(os.environ.get("STYRA_JOB_STALE_SECONDS", "120"))
STYRA_JOB_KEEP_DAYS = int(os.environ.get("STYRA_JOB_KEEP_DAYS", "90"))
# The record of each request made with an API token is kept this many days.
STYRA_API_USE_KEEP_DAYS = int(os.environ.get("STYRA_API_USE_KEEP_DAYS", "180"))
# Requests one API token may make per minute (429 beyond; 0: no limit).
STYRA_API_RATE_PER_MINUTE = int(os.environ.get("STYRA_API_RATE_PER_MINUTE", "600"))
STYRA_JOB_RETRY_DELAY = int(os.environ.get("STYRA_JOB_RETRY_DELAY", "30"))
# Scheduled jobs: name → kind and `daily_at` (local time) or `every_minutes`. Each runs
# once per moment however many workers there are (styra.jobs.services.jobs_schedule).
STYRA_JOB_SCHEDULES: dict[str, dict] = {
    "jobbrensning": {"kind": "jobs_prune", "label": "Rensa gamla jobb", "daily_at": "03:15"},
    "paminnelser": {
        "kind": "season_reminders",
        "label": "Påminnelser om rapporter",
        "daily_at": "07:00",
    },
}

# Where `styra report build` writes by default.
STYRA_OUT_DIR = Path(os.environ.get("STYRA_OUT_DIR", PROJECT_DIR / "out"))

# --- the organisation and its reports ---------------------------------------------------
# The organisation's name in the web header and on every report. Empty: the name of the
# top unit of the organisation tree (the plan file's root unit, e.g. "Region Exempel").
STYRA_ORGANISATION_NAME = os.environ.get("STYRA_ORGANISATION_NAME", "").strip()
# Folders with the region's own report templates (YAML), searched before the shipped
# ones; separated by the platform's path separator (":" on Linux).
STYRA_REPORT_TEMPLATE_DIRS = [
    Path(p) for p in os.environ.get("STYRA_REPORT_TEMPLATE_DIRS", "").split(os.pathsep) if p
]
# Folders with a region's own statement sets (financial statements, key ratios, goals).
STYRA_STATEMENT_SET_DIRS = [
    Path(p) for p in os.environ.get("STYRA_STATEMENT_SET_DIRS", "").split(os.pathsep) if p
]
# The report template a round uses when none is named (`styra report templates` lists them).
STYRA_DEFAULT_REPORT_TEMPLATE = os.environ.get("STYRA_DEFAULT_REPORT_TEMPLATE") or "t1-2026-rs"
# Check every chart spec against the Vega-Lite schema as Altair builds it. The specs are
# made by code, not by users, so the test suite checks them (settings.test); in
# production the check was a sixth of a report preview's time.
STYRA_CHECK_CHART_SPECS = False
# The status scale (its code) of the savings measures' traffic lights.
STYRA_SAVINGS_SCALE = os.environ.get("STYRA_SAVINGS_SCALE") or "resultatforbattrande-atgarder"

# Kolada (kolada.se, API v3) for `styra kolada sync`; responses are cached on disk.
STYRA_KOLADA_URL = os.environ.get("STYRA_KOLADA_URL", "https://api.kolada.se/v3")
STYRA_KOLADA_CACHE_DIR = Path(
    os.environ.get("STYRA_KOLADA_CACHE_DIR", VAR_DIR / "cache" / "kolada")
)
