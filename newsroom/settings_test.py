"""Settings for the test suite: the real settings with a throwaway key and a fast hasher."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from newsroom.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and "TEST" not in DATABASES["default"]:  # noqa: F405
    # A file, not shared-cache memory: threads then wait for SQLite's write lock as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405
PUBLISH_CHECKLIST = []  # off unless a test turns it on (tests/test_checklist.py); factory stories are short
JOBS_RUN_INLINE = True  # tests of the queue itself switch it off
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # the test receivers listen on 127.0.0.1
# The suite talks plain http to the test client and live servers; production defaults are checked
# by articles/tests/security/test_deploy_settings.py in a subprocess.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
