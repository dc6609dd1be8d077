"""Settings for the portal, configured only through environment variables.

Every variable is listed in docs/operations/configuration.md. See lib/env.py for the strict parsing.
"""

from decimal import Decimal
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from lib.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

PORTAL_ENV = env.choice("PORTAL_ENV", ("development", "production"), "development")
PRODUCTION = PORTAL_ENV == "production"

DEBUG = env.boolean("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when PORTAL_ENV=production.")

if PRODUCTION:
    SECRET_KEY = env.string("SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
    ALLOWED_HOSTS = env.strings("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when PORTAL_ENV=production.")
else:
    SECRET_KEY = env.string(
        "SECRET_KEY", "django-insecure-development-only-never-use-in-production"
    )
    ALLOWED_HOSTS = env.strings("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

# Earlier keys, after SECRET_KEY was rotated: sessions, password-reset links and the
# sealed mails of queued jobs (lib.mail) made under them still open.
SECRET_KEY_FALLBACKS = env.strings("SECRET_KEY_FALLBACKS", [])
CSRF_TRUSTED_ORIGINS = env.strings("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "networks",
    "measures",
    "events",
    "finances",
    "reports",
    "opendata",
    "api",
    "demo",
    "portal",
]

MIDDLEWARE = [
    # /healthz for load balancers, before host checks and the HTTPS redirect.
    "portal.health.health_check",
    "portal.middleware.request_id",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.private_pages",
    "portal.middleware.htmx_login_redirect",
    "portal.middleware.user_language",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "portal.middleware.require_mfa",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who changed a measure, participation or network, also in the admin.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

if PRODUCTION:
    # whitenoise serves the static files (collectstatic), compressed and with hashed
    # names; in development Django's server serves them from the apps.
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")  # fmt: skip

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "portal.context_processors.help_link",
            ],
        },
    },
]

DATABASES = {
    "default": env.database(
        "DATABASE_URL",
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        pool=env.boolean("DATABASE_POOL", True),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", "locmem://")}
# Sessions are read from Redis when it is the cache, and kept in the database as
# well: a restarted Redis signs nobody out. Without Redis, the database alone.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Work off the request path (report PDFs) runs in a worker process, `manage.py
# db_worker`, which `make run` starts beside the development server. Django's task
# API through the django-tasks backport; its queue is a table of the portal's own
# database, so the worker needs nothing else (and moves to Django 6's tasks later).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "networks.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "start"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail login, no sign-up (people join by invitation), MFA.
ACCOUNT_ADAPTER = "portal.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None  # the login form offers "remember me"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Klimaschutz-Netzwerkportal] "
# The password-reset form mails nothing to an address without an account (allauth would
# write "unknown account" to whatever is typed in) and answers the same either way.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Failed logins: 10 a minute from one address (all accounts together) and 5 in 5 minutes
# for one account from one address (portal.accounts.AccountAdapter adds the address to
# allauth's per-account key). No limit counts an account's failures from every address,
# as anyone could then lock its owner out; second-factor codes keep allauth's limit of
# 5 in 5 minutes per account. Counts live in CACHES["default"]: production needs Redis.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Behind a reverse proxy every request comes from the proxy's address; allauth then takes
# the client's address from X-Forwarded-For, counting this many proxies from the right.
ALLAUTH_TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0, minimum=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Klimaschutz-Netzwerkportal"
# A fixed second-factor code for local demos; allauth accepts it only with DEBUG on.
MFA_TOTP_INSECURE_BYPASS_CODE = env.string("MFA_DEMO_CODE", "") if DEBUG else ""
SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", 14 * 24 * 3600, minimum=300)
INVITATION_VALID_DAYS = 7
# At least 12 characters (OWASP ASVS 2.1.1) and none of the 20,000 most common passwords;
# allauth's forms (set, change and reset a password) and the invitation form use these.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates with the month's name instead of Django's month-first 12/06/2026
# (portal/formats/en/formats.py); German keeps Django's 06.12.2026.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# The documentation site as `mkdocs build` writes it (`make run`, `make docs-build`, the
# image): the portal serves it as its help under /hilfe/ (portal/views/help.py).
DOCS_ROOT = Path(env.string("DOCS_ROOT", str(BASE_DIR / "site")))
# In production whitenoise serves the static files from STATIC_ROOT (`collectstatic`),
# compressed and under names with their hash (cached for a year); in development and
# tests Django serves them from the apps as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Source maps are read only by a browser's developer tools: stored, not also compressed
# (Swagger UI's take 2 MB).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Uploads and report PDFs on S3-compatible object storage instead of MEDIA_ROOT when a
# bucket is named (django-storages; `pip install '.[s3]'`). Files stay private: the
# portal's views check permission and stream them, so nothing is public in the bucket.
MEDIA_S3_BUCKET = env.string("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env.string("MEDIA_S3_ENDPOINT_URL", "") or None,
            "region_name": env.string("MEDIA_S3_REGION", "") or None,
            "access_key": env.string("MEDIA_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env.string("MEDIA_S3_SECRET_ACCESS_KEY", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# /healthz reports the worker as failing once a mail has waited longer than this, or
# any job while the worker has taken none (portal.health).
HEALTH_WORKER_LAG_SECONDS = env.integer("HEALTH_WORKER_LAG_SECONDS", 300, minimum=30)
# One mail per intent: the municipalities are reminded to confirm their figures for a
# report at most once in this many hours (per network and kind of report), and
# corrected minutes go out at the earliest this many minutes after the last mailing,
# only the latest final version.
CONFIRMATION_REMINDER_HOURS = env.integer("CONFIRMATION_REMINDER_HOURS", 72, minimum=1)
MINUTES_CORRECTION_MINUTES = env.integer("MINUTES_CORRECTION_MINUTES", 60, minimum=0)
# Uploads are never served from a public URL: views check permission and stream them.
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(BASE_DIR / "media")))
UPLOAD_MAX_BYTES = env.integer("UPLOAD_MAX_MB", 20, minimum=1) * 1024 * 1024
# A spreadsheet import holds at most this many measures (rows below the header); the
# check of 2,000 rows takes about 2 s, so raise it only with the time it costs in mind.
IMPORT_MAX_ROWS = env.integer("IMPORT_MAX_ROWS", 2000, minimum=1)
# Downloads rendered in the request (the mayor's report, a meeting's record, exports):
# one at a time per person and at most this many a minute (lib.limits).
HEAVY_DOWNLOADS_PER_MINUTE = env.integer("HEAVY_DOWNLOADS_PER_MINUTE", 10, minimum=1)

# The read-only API under /api/v1/ (api/): Django REST Framework with the same
# visibility as the pages. Each personal token (or signed-in session) may make this
# many requests a minute; more get 429 with Retry-After (counted in the cache: Redis
# when several processes serve). No parsers: nothing is ever written through it.
API_REQUESTS_PER_MINUTE = env.integer("API_REQUESTS_PER_MINUTE", 120, minimum=1)
# Requests without valid credentials (the public schema and reference page, a missing,
# unknown, revoked or expired key) are counted per client address instead, before
# authentication (api/throttling.py); the address is the login limits' one.
API_ANONYMOUS_REQUESTS_PER_MINUTE = env.integer("API_ANONYMOUS_REQUESTS_PER_MINUTE", 30, minimum=1)
# A token lives at most this long; its owner picks the day it ends.
API_TOKEN_MAX_DAYS = 366
# Active (not revoked, not expired) tokens one person may hold, so that a script cannot
# multiply the per-token allowance above by making more tokens (api.services).
API_TOKENS_PER_PERSON = env.integer("API_TOKENS_PER_PERSON", 10, minimum=1)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["api.filters.StrictFilterBackend"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Klimaschutz-Netzwerkportal API",
    "DESCRIPTION": (
        "Read-only access to networks, participations, measures, meetings, reports and "
        "finances, with the same visibility as the portal's pages."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # The reference page's assets come from the portal's own static files, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {},
}

# The finances' checks (finances/checks.py). Public relations may cost at most this
# much per participating municipality (advisers' figure for the Kommunalrichtlinie,
# unverified: check the grant notice). Money called off and not spent within six weeks
# may be charged interest (ANBest-P 8.5, VwVfG § 49a (4) with (3)): five percentage
# points above the base rate (Basiszinssatz, § 247 BGB) a year. The default is 5 plus
# the base rate of 1.27 % set on 1 July 2025; the Bundesbank publishes it every
# 1 January and 1 July, so set it anew when it changes.
FINANCES_PR_CAP_PER_PARTICIPANT = env.decimal(
    "FINANCES_PR_CAP_PER_PARTICIPANT", Decimal(1500), minimum=Decimal(0)
)
FINANCES_INTEREST_RATE_PERCENT = env.decimal(
    "FINANCES_INTEREST_RATE_PERCENT", Decimal("6.27"), minimum=Decimal(0)
)

# The demo seed refuses to create accounts with the password "demo" in production.
DEMO_DATA_ALLOWED = not PRODUCTION

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie; the token travels in hx-headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts, styles and everything else from the portal's own static files only: no inline
# script, style element or style attribute anywhere (tests/browser/test_every_page.py visits
# every page). Responses that set their own policy keep it: downloads are sandboxed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],  # allauth shows the TOTP QR code as a data: URI
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a lasting commitment for the whole domain: the operator opts in.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if env.boolean("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DEFAULT_FROM_EMAIL = env.string(
    "DEFAULT_FROM_EMAIL", "Klimaschutz-Netzwerkportal <portal@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = env.string(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.string("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", False)
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: mails as files here.
EMAIL_FILE_PATH = env.string("EMAIL_FILE_PATH", "")
# Absolute links in e-mails (invitations) point here.
PORTAL_BASE_URL = env.string("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per record, with the request's id (lib/request_ids.py), for
    # systemd's journal or the container runtime.
    "filters": {"request_id": {"()": "lib.request_ids.RequestIdFilter"}},
    # LOG_FORMAT=json: one JSON object per line instead, for a log collector.
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s"
        },
        "json": {"()": "lib.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env.choice("LOG_FORMAT", ("line", "json"), "line"),
        }
    },
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO").upper()},
    # WeasyPrint reports every rendering step at INFO; only its warnings matter here.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
