"""Production settings pass Django's deployment checks, and development still serves plain http."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Lq9-production-like-key-for-the-deploy-check-0a1b2c3d4e5f6g7h8i9j",
    "ALLOWED_HOSTS": "news.example.org",
    "SITE_URL": "https://news.example.org",
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
}


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE",
                                                              "DJANGO_ALLOW_ASYNC_UNSAFE"}
             and not k.startswith(("SECURE_", "SESSION_", "CSRF_"))}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True,
                          text=True, timeout=120, check=False)


def test_check_deploy_passes_at_warning_level_with_production_settings(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], VAR_DIR=str(tmp_path),
                 **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SHOW = """
import json
from django.conf import settings
names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY",
         "SECURE_CROSS_ORIGIN_OPENER_POLICY", "PASSWORD_HASHERS"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def settings_with(tmp_path, **env):
    result = run(["-c", "import django; django.setup();" + SHOW], VAR_DIR=str(tmp_path), **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_are_https_only(tmp_path):
    values = settings_with(tmp_path, **PRODUCTION_ENV)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert values["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


def test_hsts_length_is_a_setting(tmp_path):
    assert settings_with(tmp_path, **PRODUCTION_ENV, SECURE_HSTS_SECONDS="600")["SECURE_HSTS_SECONDS"] == 600


def test_development_serves_plain_http(tmp_path):
    values = settings_with(tmp_path, DEBUG="1", DJANGO_SETTINGS_MODULE="newsroom.settings")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
