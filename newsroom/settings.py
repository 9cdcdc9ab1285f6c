"""Settings for newsroom.

Every setting that differs between a laptop and production comes from an
environment variable. The defaults are safe for local development: an SQLite
file under ``var/``, local-memory cache, media on local disk, console e-mail.
With ``DEBUG`` off the site refuses to start without a real ``SECRET_KEY``.
"""

import os
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

DEV_SECRET_KEY = "django-insecure-newsroom-development-only"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without one; "
            "for local development set DEBUG=1 (make run does this)."
        )
    SECRET_KEY = DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The canonical public origin, used in feeds, sitemaps, structured data and e-mails.
# In development it follows PORT, so `PORT=8080 make run` links to the port it serves.
SITE_URL = (os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "The Newsroom")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "newsroom.apps.StoryTagsConfig",  # taggit, listed in the admin as "Story tags"
    "django_prose_editor",
    "django_rq",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "articles",
]

MIDDLEWARE = [
    # Cached reader pages answer here (or at the WSGI door, newsroom/wsgi.py), before sessions, auth,
    # messages and CSRF; a page is stored with the headers every middleware below added.
    "articles.page_cache_middleware.PageCacheMiddleware",
    "articles.security.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "articles.security.middleware.PermissionsPolicyMiddleware",
    "articles.security.csp.NewsroomCSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Database down: retry reads once, then 503 + Retry-After; a write answers by what committed.
    "articles.security.outage.DatabaseOutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "articles.security.twofactor.RequireTwoFactorMiddleware",
    "newsroom.lazy_messages.LazyMessageMiddleware",  # Django's, building its storage on first use
    "articles.people.middleware.PersonalTimeZoneMiddleware",
    # Last, so that a lockout answers before any view sees the login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

# django-ninja (the Content API) is not an installed app: Django imports every installed app when a
# process starts, and ninja brings pydantic, ~12 MiB a worker that reader pages never use. The API's
# URLconf loads on its first request instead (newsroom/urls.py); its docs page still uses ninja's own
# template and Swagger files, found here without importing the package.
NINJA_DIR = Path(find_spec("ninja").origin).parent

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
    {
        # The hottest reader templates (story cards, bylines, pictures): articles/reader/jinja.py says why.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "articles.reader.jinja.environment"},
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# Databases: an SQLite file by default, anything dj-database-url reads otherwise. Connections
# persist (CONN_MAX_AGE seconds) and are checked before reuse (CONN_HEALTH_CHECKS), so a database
# restart or failover costs one reconnect, not an error page.
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "60"))
CONN_HEALTH_CHECKS = env_bool("CONN_HEALTH_CHECKS", default=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=CONN_HEALTH_CHECKS,
    )
}
# An optional read replica for anonymous readers (articles/db_router.py); editors and writes use
# the primary. In tests it mirrors the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=CONN_MAX_AGE, conn_health_checks=CONN_HEALTH_CHECKS
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["articles.db_router.ReaderReplicaRouter"]
# PostgreSQL prepares the reader queries compiled once (articles/reader/compiled.py) after their fifth
# run on a connection, so it stops planning them on every page; Django's own queries are never
# prepared. "off" for a pooler that cannot keep prepared statements (PgBouncer before 1.21, or in
# transaction mode without max_prepared_statements).
DATABASE_PREPARED_STATEMENTS = os.environ.get("DATABASE_PREPARED_STATEMENTS", "on") != "off"
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with a health check that polls the socket instead of a round trip
        # (newsroom/postgresql/base.py says when it still sends SELECT 1).
        _database["ENGINE"] = "newsroom.postgresql"
        if DATABASE_PREPARED_STATEMENTS:
            _database.setdefault("OPTIONS", {})["prepare_threshold"] = 5
READER_REPLICA_LAG_SECONDS = int(os.environ.get("READER_REPLICA_LAG_SECONDS", "5"))
# Sessions in the database by default (any app server can serve any request); "cache" or
# "cached_db" keep them in Redis as well.
SESSION_ENGINE = "django.contrib.sessions.backends." + os.environ.get("SESSION_BACKEND", "db")
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets several checkouts run the PostgreSQL suite at once without colliding.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",  # Django's, reusing its clients
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            # An unreachable Redis (dropped packets) must cost a page one second, not minutes.
            "OPTIONS": {
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
                # Each process keeps its own copy of these keys, kept exact by Redis's change reports
                # (newsroom/near_cache.py): cached pages, deep-page anchors and what every page shows.
                "near_cache_prefixes": ["reader:page:", "reader:anchor:", "reader:menu-links",
                                        "reader:most-read", "reader:breaking", "reader:next-due"],
                "near_cache_bytes": int(os.environ.get("READER_NEAR_CACHE_BYTES", str(8 * 1024 * 1024))),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Argon2id first; older hashes still verify and are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
# The newsroom's zone: every time an editor types or reads is in it (or in their own zone, set on their
# preferences); stored times stay UTC.
FORMAT_MODULE_PATH = ["newsroom.formats"]  # one date-time format in the admin: "29 Nov 2026, 14:02"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static", NINJA_DIR / "static"]

MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Media on S3-compatible object storage when a bucket is named; local disk otherwise.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # for the file-based backend

LOGIN_URL = "admin:login"

# Security headers and cookies. Production (DEBUG off) is HTTPS-only by default; `make run`
# (DEBUG=1) serves plain http. Each can be overridden from the environment; see README "Security".
PRODUCTION = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
if env_bool("TRUST_X_FORWARDED_PROTO", default=SECURE_SSL_REDIRECT):
    # Only behind a reverse proxy that sets (and strips from clients) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe /healthz over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 12)))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by articles.security.middleware.PermissionsPolicyMiddleware.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)

# Content-Security-Policy (django-csp): see articles/security/csp.py. Reader pages allow no inline
# script at all; a constant inline bootstrap script (dark-mode toggle…) is allowed by adding the
# sha256 of its exact text to CSP_READER_SCRIPT_HASHES ("'sha256-…'"), never a nonce: pages are
# cached and shared between readers.
# The reader's one inline script: the theme bootstrap in templates/base.html (no flash of the wrong theme).
# test_csp_hashes.py fails if the script changes without this hash.
THEME_BOOTSTRAP_HASH = "'sha256-U73GTzqow89hFilpmVbe0wLfp3xg5UWVw72AslX+q+8='"
CSP_READER_SCRIPT_HASHES = [THEME_BOOTSTRAP_HASH, *env_list("CSP_READER_SCRIPT_HASHES")]

CSP_REPORTS_PER_MINUTE = int(os.environ.get("CSP_REPORTS_PER_MINUTE", "30"))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *CSP_READER_SCRIPT_HASHES],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "https:"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "report-uri": ["/csp-report/"],
    },
}
# Login throttling (django-axes, state in the database so every app server shares it).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "articles.security.throttling.client_ip"
# How many reverse proxies append to X-Forwarded-For in front of the app (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_VERBOSE = False

# Two-factor login (django-otp TOTP): optional for staff; when REQUIRE_2FA is set, Publishers and
# superusers must confirm a device before the admin opens (articles/security/twofactor.py).
REQUIRE_2FA = env_bool("REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = SITE_NAME

# While the database is down (restart, refused connections), reads that still fail after one retry
# answer 503 with this Retry-After, and a save that committed nothing says "not saved, send it again".
DATABASE_RETRY_AFTER_SECONDS = int(os.environ.get("DATABASE_RETRY_AFTER_SECONDS", "5"))

# Request bodies: the middleware refuses a declared Content-Length over REQUEST_BODY_MAX_BYTES before
# anything is read (set the same limit on the reverse proxy, e.g. nginx client_max_body_size).
REQUEST_BODY_MAX_BYTES = int(os.environ.get("REQUEST_BODY_MAX_BYTES", str(40 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "articles.tagging.vocabulary.parse_tag_string"  # aliases give canonical tags in the editor

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"database_outage": {"()": "articles.security.outage_errors.HideOutageTracebacks"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # A database outage logs one warning a minute (articles/security/outage.py), not a traceback a request.
        "django.request": {"filters": ["database_outage"]},
    },
}

# Uploaded files over IMAGE_MAX_UPLOAD_BYTES stop being stored while they stream in (articles/images/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "articles.images.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Reader pages: how long the per-page cache keeps a rendered page (0 turns it off), and how long
# browsers and proxies may reuse one without asking. See articles/caching.py.
READER_PAGE_CACHE_SECONDS = int(os.environ.get("READER_PAGE_CACHE_SECONDS", "300"))
READER_MAX_AGE = int(os.environ.get("READER_MAX_AGE", "10"))

# Picture caps (articles/images/validation.py reads them at call time).
IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("IMAGE_MAX_UPLOAD_BYTES", 30 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 50_000_000))
IMAGE_MAX_FRAMES = int(os.environ.get("IMAGE_MAX_FRAMES", 200))

# URL fields without a scheme mean https (Django 6.0's default; this opts in now).
FORMS_URLFIELD_ASSUME_HTTPS = True
# The publish checklist (articles/editorial/checklist.py): which rules run before Approve and Publish,
# and the word-count bounds. PUBLISH_CHECKLIST is a comma-separated list of rule names.
PUBLISH_CHECKLIST = env_list("PUBLISH_CHECKLIST", "byline,section,lead_picture,standfirst,word_count,placeholders")
CHECKLIST_MIN_WORDS = int(os.environ.get("CHECKLIST_MIN_WORDS", "80"))
CHECKLIST_MAX_WORDS = int(os.environ.get("CHECKLIST_MAX_WORDS", "5000"))
# Continuous ingest (articles/ingest/): caps for one HTTP poll, how long a file must sit unchanged in a
# watched folder before it is taken (so a half-copied file is never read), and whether HTTP sources may
# live on private addresses (only for the demo's feed served by the dev site itself; off in production).
INGEST_MAX_BYTES = int(os.environ.get("INGEST_MAX_BYTES", str(20 * 1024 * 1024)))
INGEST_TIMEOUT = int(os.environ.get("INGEST_TIMEOUT", "20"))
INGEST_SETTLE_SECONDS = float(os.environ.get("INGEST_SETTLE_SECONDS", "2"))
# How long a poll holds its source before another poller may take it (a crashed poller's claim lapses).
INGEST_LEASE_SECONDS = int(os.environ.get("INGEST_LEASE_SECONDS", "300"))
INGEST_ALLOW_PRIVATE_ADDRESSES = env_bool("INGEST_ALLOW_PRIVATE_ADDRESSES", default=DEBUG)
# Background jobs (articles/jobs/): RQ on Redis, run by `manage.py rqworker default --with-scheduler`.
# With no Redis configured, jobs run in the web process right after the commit (development only).
JOBS_REDIS_URL = os.environ.get("JOBS_REDIS_URL", REDIS_URL)
RQ_QUEUES = {"default": {"URL": JOBS_REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600}}
RQ_SHOW_ADMIN_LINK = False
JOBS_RUN_INLINE = env_bool("JOBS_RUN_INLINE", default=not JOBS_REDIS_URL)

# Content API (articles/api/): keys are required unless anonymous reads are allowed; requests per key per minute.
API_ALLOW_ANONYMOUS = env_bool("API_ALLOW_ANONYMOUS", default=False)
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", "600"))

# Webhooks (articles/webhooks/): only public addresses in production; development may post to 127.0.0.1.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=DEBUG)
WEBHOOK_TIMEOUT_SECONDS = int(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
# A dotted path to a callable taking a set of surrogate keys, called after each change commits to
# purge a CDN by the same keys as the Surrogate-Key/Cache-Tag headers (empty: no CDN).
READER_PURGE_HOOK = os.environ.get("READER_PURGE_HOOK", "")
LIVE_BLOG_POLL_SECONDS = int(os.environ.get("LIVE_BLOG_POLL_SECONDS", "30"))  # how often an open live blog asks for updates
# Most read (articles/reader/most_read.py, view_counting.py): how often counted views may change the list,
# how long a page's beacon token is good for, and what one client address may add.
READER_MOST_READ_SECONDS = int(os.environ.get("READER_MOST_READ_SECONDS", "300"))
VIEW_TOKEN_SECONDS = int(os.environ.get("VIEW_TOKEN_SECONDS", "3600"))
VIEW_COUNT_ADDRESS_LIMIT = int(os.environ.get("VIEW_COUNT_ADDRESS_LIMIT", "60"))  # beacons a window
VIEW_COUNT_ADDRESS_WINDOW = int(os.environ.get("VIEW_COUNT_ADDRESS_WINDOW", "600"))  # seconds
VIEW_COUNT_ADDRESS_STORY_LIMIT = int(os.environ.get("VIEW_COUNT_ADDRESS_STORY_LIMIT", "10"))  # views of a story a day
