"""Settings for newsroom.

Every setting that differs between a laptop and production comes from an
environment variable. The defaults are safe for local development: an SQLite
file under ``var/``, local-memory cache, media on local disk, console e-mail.
With ``DEBUG`` off the site refuses to start without a real ``SECRET_KEY``.
"""

import os
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
    "taggit",
    "django_prose_editor",
    "ninja",
    "django_rq",
    "articles",
]

MIDDLEWARE = [
    "articles.page_cache_middleware.PageCacheMiddleware",  # first: cached reader pages answer here
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "articles.people.middleware.PersonalTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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
                "articles.context_processors.site",
            ],
        },
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
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
# The newsroom's zone: every time an editor types or reads is in it (or in their own zone, set on their
# preferences); stored times stay UTC.
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]

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

# Security headers; the HTTPS-only ones switch on with SECURE_SSL_REDIRECT in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
if SECURE_SSL_REDIRECT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "3600"))

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "articles.tagging.vocabulary.parse_tag_string"  # aliases give canonical tags in the editor

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
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
