"""Settings for the diplomatic-meetings archive.

One file, configured from the environment. The defaults are safe for local use: DEBUG on, an SQLite
file in the project, a throwaway secret key. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL; with DEBUG off the TLS and cookie protections are on unless HTTPS=0.
"""

import os
import re
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Django core -------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY") or _DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set SECRET_KEY in the environment when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

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
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "simple_history",
    "axes",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS headers on /api/ only, also on the answers that middleware below gives without a view (django-cors-headers).
    "corsheaders.middleware.CorsMiddleware",
    "meetings.middleware.RejectNulBytes",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # /api/: every anonymous request is counted against API_ANON_RATE, also those the page cache below answers, and
    # signed-in editors' answers get an ETag too (meetings/api/middleware.py).
    "meetings.api.middleware.ApiThrottleAndETag",
    # Visitors' reads from the read replica, when there is one (meetings/routers.py).
    "meetings.routers.ReadReplicaForVisitors",
    # PostgreSQL: a visitor's statement may take at most PUBLIC_STATEMENT_TIMEOUT_MS (meetings/errors.py).
    "meetings.errors.PublicStatementTimeout",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Who made each change, for the history of archive entries (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # ETag, Last-Modified and Cache-Control on anonymous reads; 304 when unchanged (meetings/middleware.py).
    "meetings.middleware.PublicCaching",
    # Content-Security-Policy on every page, the admin's included (django-csp).
    "csp.middleware.CSPMiddleware",
    # Login throttling (django-axes): last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

# --- Content-Security-Policy (django-csp) ------------------------------------------------------------------------
# Scripts only from this site's own files (no inline script, no eval), nothing from elsewhere. The admin runs
# under it (a browser test watches for violations). Inline style attributes stay allowed (the admin writes some).
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# --- Login throttling (django-axes) ------------------------------------------------------------------------------
# After AXES_FAILURE_LIMIT wrong passwords for one user name, or from one address, that user name or address is
# locked out for AXES_COOLOFF_HOURS (an administrator unlocks it sooner: admin "Access attempts", or
# `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS`). Behind a reverse proxy the address is the
# client's, read as the rest of the archive reads it (meetings/clients.py, BEHIND_PROXY).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "meetings.clients.client_ip_or_none"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# A visitor's SQL statement is cancelled after this long on PostgreSQL (answered 503); 0 turns the limit off.
PUBLIC_STATEMENT_TIMEOUT_MS = int(os.environ.get("PUBLIC_STATEMENT_TIMEOUT_MS", "5000"))
# An export's one long statement (COPY of every row) gets longer, inside its own transaction only.
EXPORT_STATEMENT_TIMEOUT_MS = int(os.environ.get("EXPORT_STATEMENT_TIMEOUT_MS", "120000"))
# Seconds a browser or CDN may reuse a public page without asking (it revalidates with the ETag afterwards).
PUBLIC_MAX_AGE = int(os.environ.get("PUBLIC_MAX_AGE", "0"))

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections: a new PostgreSQL connection per request halves throughput.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A read replica (e.g. a PostgreSQL streaming replica): visitors' reads go there, the rest to the primary
# (meetings/routers.py). "mirror" (used by the test suite) makes it a second connection to the primary's database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    if DATABASE_REPLICA_URL == "mirror":
        DATABASES["replica"] = {**DATABASES["default"]}
    else:
        DATABASES["replica"] = dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")), conn_health_checks=True
        )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["meetings.routers.ReplicaRouter"]

# The cache of counts, facets, charts and sitemaps (meetings/caching.py): Redis, shared by every server, when
# REDIS_URL is set (a Redis that fails is a cache miss, never an error); this process's memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
# "pages" keeps whole public pages (meetings/middleware.py PublicCaching), bounded apart from the counts.
if REDIS_URL:
    _redis = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
    }
    _prefix = os.environ.get("CACHE_KEY_PREFIX", "meetings")
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": _prefix},
        "pages": {**_redis, "KEY_PREFIX": f"{_prefix}-pages"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20000}},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Forms read and show dates as ISO 8601 only (config/formats/): an ambiguous 05/06/2024 is refused, not guessed.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files (whitenoise) -----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production; plain storage while developing and testing,
        # so that no collectstatic run is needed.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# --- Security (production) ---------------------------------------------------------------------

# HTTPS=0 turns off only the TLS-specific protections, for a production-like run on plain HTTP.
HTTPS = env_bool("HTTPS", not DEBUG)
# Behind a reverse proxy (a load balancer): the client's address is the one the proxy appends to X-Forwarded-For,
# PROXY_COUNT hops from the right (meetings/clients.py).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1"))

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
else:
    # A deliberate plain-HTTP production run: the deploy checks for TLS settings do not apply.
    SILENCED_SYSTEM_CHECKS = [
        "security.W004",  # SECURE_HSTS_SECONDS
        "security.W008",  # SECURE_SSL_REDIRECT
        "security.W012",  # SESSION_COOKIE_SECURE
        "security.W016",  # CSRF_COOKIE_SECURE
    ]

# --- Logging -----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- JSON API (/api/v1/: Django REST framework, drf-spectacular, django-cors-headers) ---------------------------
# Read-only and anonymous: no authentication (no session, no password over the API), JSON only (the browsable
# renderer's inline script is refused by the CSP; /api/v1/docs/ is the documentation). Throttling is not a DRF
# view setting here: the page cache (PublicCaching) answers repeated requests before any view runs, so the
# anonymous rate is checked in meetings/api/middleware.py, before it, with DRF's AnonRateThrottle.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "meetings.api.pagination.PagePagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "meetings.api.errors.exception_handler",
}
# Requests per period from one client address (meetings/clients.py), anonymous visitors only; empty: no limit.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/min").strip() or None
if API_ANON_RATE and not re.fullmatch(r"[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)", API_ANON_RATE):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"API_ANON_RATE must read like 120/min (requests/s, min, hour or day): {API_ANON_RATE!r}"
    )
SPECTACULAR_SETTINGS = {
    "TITLE": "Diplomatic Meetings Archive API",
    "DESCRIPTION": "Read-only JSON API of the archive's published meetings, leaders, countries, summits and topics. "
    "Every list is paginated (page, page_size) with links in the body and in Link headers; answers carry an ETag.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": False,
    # Endpoints in the order of meetings/api/urls.py (meetings first), not alphabetically.
    "SORT_OPERATIONS": False,
    # Two choice sets share the field name "kind" (meetings', statements'): named here, not by a hash.
    "ENUM_NAME_OVERRIDES": {
        "MeetingKindEnum": "meetings.models.Meeting.Kind",
        "StatementKindEnum": "meetings.models.Statement.Kind",
    },
}
# Any site may read the API from a browser (GET, HEAD, OPTIONS; no cookies): nothing else of the site.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Link", "Retry-After"]

# --- Project -----------------------------------------------------------------------------------

SITE_NAME = "Diplomatic Meetings Archive"
# The public address, for permalinks in exports and citations made outside a request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
