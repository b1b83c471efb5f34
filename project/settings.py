"""Chronotope settings. Every value that differs between machines is read here, once, from the
environment; nothing else in the code reads os.environ."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = _env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (export DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    # Holds no row since timeline's migration 0005 moved its tokens into knox, hashed; kept for
    # that migration to read the old table.
    "rest_framework.authtoken",
    "knox",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "places",
    "timeline",
]

MIDDLEWARE = [
    # First, as django-cors-headers asks: before anything that can answer on its own.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "project.middleware.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out flagged during the request into a 429.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "project" / "templates"],
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

WSGI_APPLICATION = "project.wsgi.application"

VAR_DIR = BASE_DIR / "var"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'chronotope.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the API read while an import writes; the timeout rides out short write locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    # A transaction takes the write lock at BEGIN: concurrent writers queue instead of failing
    # on upgrade, and an If-Match check cannot be passed by two writers at once.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("TEST_SQLITE_NAME")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The API's queries are small and many run at once. A query that starts parallel workers
    # takes cores from the requests beside it: with 4 clients on 2 cores, counting a date
    # window in parallel made those pages slower, not faster (bench/RESULTS.md). 0 turns it off
    # for the app's connections; empty leaves the server's own setting.
    PG_PARALLEL_WORKERS_PER_GATHER = os.environ.get("PG_PARALLEL_WORKERS_PER_GATHER", "0")
    if PG_PARALLEL_WORKERS_PER_GATHER:
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = " ".join(
            part
            for part in (
                options.get("options", ""),
                f"-c max_parallel_workers_per_gather={int(PG_PARALLEL_WORKERS_PER_GATHER)}",
            )
            if part
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "project" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

REST_FRAMEWORK = {
    # Token first, so that an anonymous write gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    # django-filter's backend, which also refuses a query parameter the view does not read.
    "DEFAULT_FILTER_BACKENDS": [
        "project.parameters.KnownParametersFilterBackend",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "project.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "project.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "project.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Model-layer and database errors the serializers missed are a 4xx, never a 500.
    "EXCEPTION_HANDLER": "project.errors.api_exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Chronotope API",
    "DESCRIPTION": (
        "Dated, geolocated events from reports, served as JSON, timelines and GeoJSON. "
        "Place data from GeoNames (CC BY 4.0)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Request bodies are documented as JSON only: form encodings (kept for the browsable API)
    # cannot carry nested lists, so documenting them promised what they cannot do.
    "PARSER_WHITELIST": ["project.parsers.StrictJSONParser"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "project.schema.add_error_responses",
    ],
}

# Abuse limits. Rates are "N/second|minute|hour|day"; an empty value turns a throttle off.
API_THROTTLE_RATES = {
    "anon": os.environ.get("THROTTLE_ANON", "120/minute") or None,
    "user": os.environ.get("THROTTLE_USER", "1200/minute") or None,
}
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "project.throttling.AnonRateThrottle",
    "project.throttling.UserRateThrottle",
]
# Hostile text and numbers become a 400 naming the field, whatever the endpoint.
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "project.parsers.StrictJSONParser",
    "project.parsers.StrictFormParser",
    "project.parsers.StrictMultiPartParser",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_REQUEST_BYTES", str(1024 * 1024)))
# When a If-Match header is required on every PUT/PATCH/DELETE (428 without it).
REQUIRE_IF_MATCH = _env_bool("REQUIRE_IF_MATCH", False)

# dumpdata/loaddata (backups, fixtures) keep timestamps to the microsecond.
SERIALIZATION_MODULES = {"json": "project.exact_json"}

# Production hardening: on whenever DEBUG is off, each overridable from the environment.
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", not DEBUG)
_proxy_ssl_header = _env_list("SECURE_PROXY_SSL_HEADER", [])  # e.g. HTTP_X_FORWARDED_PROTO,https
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) if len(_proxy_ssl_header) == 2 else None
SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])

# Cross-origin reads (django-cors-headers): origins whose pages may read the API, e.g. a map on
# another site; empty by default, "*" for any. Only the API's reads, only anonymously: no
# credentials, no Authorization header, and no method but GET, HEAD and OPTIONS, so a page on
# another origin never writes and never reads what only a logged-in user may see.
_cors_origins = _env_list("CORS_ALLOWED_ORIGINS", [])
CORS_ALLOW_ALL_ORIGINS = "*" in _cors_origins
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else _cors_origins
CORS_URLS_REGEX = r"^/api/v1/(?!auth/)"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match")
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ("ETag", "Content-Disposition")

# Failed logins (django-axes), on the admin's login page and on POST /api/v1/auth/token/: after
# LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is locked
# out (429, the right password included) for LOGIN_COOLOFF_MINUTES, counted from the last
# failure. A success before the limit starts the count again.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# API tokens (django-rest-knox): the database keeps a SHA-512 digest, never the token, so
# neither a copy of the database nor a backup holds one that works. A token lasts until it is
# deleted (admin: Knox > Auth tokens), as DRF's tokens did; the header is still "Token <token>".
REST_KNOX = {"TOKEN_TTL": None, "AUTH_HEADER_PREFIX": "Token"}

# Limits that keep one request cheap; a client past them gets a 400 that says so.
SEARCH_MAX_LENGTH = 200
WITHIN_MAX_VERTICES = 1000
NEAR_DEFAULT_RADIUS_KM = 10.0
# Timelines: events listed per bucket (group=...), and the most events one TimelineJS export holds.
TIMELINE_DEFAULT_PER_BUCKET = 10
TIMELINE_MAX_PER_BUCKET = 50
TIMELINE_EXPORT_MAX_EVENTS = 5000
# The most citations, actors or figures one event holds: each list is written and versioned as a
# whole, so a list of tens of thousands held the write lock for long and bloated the history.
EVENT_MAX_NESTED_ITEMS = int(os.environ.get("EVENT_MAX_NESTED_ITEMS", "500"))
# The admin's import keeps an uploaded file here between its dry run and the confirmation, for
# at most IMPORT_CONFIRM_SECONDS; expired uploads are removed at the next upload.
IMPORT_UPLOAD_DIR = Path(os.environ.get("IMPORT_UPLOAD_DIR", VAR_DIR / "imports"))
IMPORT_CONFIRM_SECONDS = int(os.environ.get("IMPORT_CONFIRM_SECONDS", "3600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Geocoding (places/geocoding.py is the only reader). "offline" is the GeoNames gazetteer;
# "nominatim", "photon" and "pelias" go online through geopy, rate-limited and cached.
GEOCODER = os.environ.get("GEOCODER", "offline").strip().lower() or "offline"
GEOCODER_CHOICES = ("offline", "nominatim", "photon", "pelias")
if GEOCODER not in GEOCODER_CHOICES:
    raise ImproperlyConfigured(f"GEOCODER must be one of {', '.join(GEOCODER_CHOICES)}.")
GEOCODER_DOMAIN = os.environ.get("GEOCODER_DOMAIN", "")  # empty: the provider's public service
GEOCODER_SCHEME = os.environ.get("GEOCODER_SCHEME", "https")
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "chronotope/0.1")
GEOCODER_API_KEY = os.environ.get("GEOCODER_API_KEY", "")
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "10"))
# Nominatim's usage policy allows one request a second.
GEOCODER_MIN_DELAY = float(os.environ.get("GEOCODER_MIN_DELAY", "1.0"))
# Where `manage.py build_gazetteer` writes the offline gazetteer's index (memory-mapped files,
# shared by every worker of the machine).
GAZETTEER_DIR = Path(os.environ.get("GAZETTEER_DIR", "") or VAR_DIR / "gazetteer")
# The admin's place map draws tiles from here when set ({z}/{x}/{y} URL); empty: no tiles.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
