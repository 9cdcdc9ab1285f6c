"""Settings come from the environment; production refuses to start without a secret key."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": settings.DATABASES["default"]["NAME"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "media": settings.STORAGES["default"]["BACKEND"],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "hosts": settings.ALLOWED_HOSTS,
    "site_url": settings.SITE_URL,
    "tz": settings.TIME_ZONE,
}))
"""


def load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "ALLOWED_HOSTS", "SITE_URL",
        "TIME_ZONE", "TEST_DATABASE_NAME",
    }}
    clean |= {"DJANGO_SETTINGS_MODULE": "newsroom.settings", "VAR_DIR": "/tmp/newsroom-settings-probe", **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + PROBE],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_defaults_are_safe():
    result = load_settings(DEBUG="1")
    values = json.loads(result.stdout)
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["cache"].endswith("LocMemCache")
    assert values["media"].endswith("FileSystemStorage")
    assert values["tz"] == "UTC"
    assert "127.0.0.1" in values["hosts"]


def test_production_reads_services_from_environment():
    result = load_settings(
        SECRET_KEY="s3cret", DATABASE_URL="postgres://u:p@db.internal:5432/news", REDIS_URL="redis://cache:6379/1",
        AWS_STORAGE_BUCKET_NAME="media-bucket", ALLOWED_HOSTS="news.example", SITE_URL="https://news.example/",
        TIME_ZONE="Asia/Phnom_Penh",
    )
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["engine"] == "newsroom.postgresql"
    assert values["db_name"] == "news"
    assert values["cache"] == "newsroom.redis_cache.RedisCache"
    assert values["media"] == "storages.backends.s3.S3Storage"
    assert values["static"].startswith("whitenoise")
    assert values["hosts"] == ["news.example"]
    assert values["site_url"] == "https://news.example"
    assert values["tz"] == "Asia/Phnom_Penh"


def test_manage_py_without_a_key_is_a_developer_checkout_but_wsgi_still_refuses():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env["VAR_DIR"] = "/tmp/newsroom-settings-probe"
    check = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=60)
    assert check.returncode == 0, check.stderr
    server = subprocess.run([sys.executable, "-c", "import newsroom.wsgi"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert server.returncode != 0 and "SECRET_KEY is not set" in server.stderr
