"""Two gunicorn app servers on one PostgreSQL and one Redis: a story published through one is on the
other at once, with a fresh home page (nothing is kept per server). PostgreSQL + Redis runs only."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles.tests.factories import ArticleFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
PORTS = (8511, 8512)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL and Redis shared by both servers",
    ),
]


def server_env(tmp_path):
    database = settings.DATABASES["default"]
    url = (f"postgres://{database['USER']}:{urllib.parse.quote(database['PASSWORD'] or '')}@{database['HOST']}:"
           f"{database['PORT'] or 5432}/{connection.settings_dict['NAME']}")
    return {
        **os.environ, "DEBUG": "0", "SECRET_KEY": settings.SECRET_KEY, "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",  # plain http on loopback
        "PUBLISH_CHECKLIST": "",  # the factory stories are bare; the checklist has tests of its own
        "DATABASE_URL": url, "REDIS_URL": os.environ["REDIS_URL"], "STATIC_ROOT": str(tmp_path / "static"),
        "VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "newsroom.settings", "LOG_LEVEL": "WARNING",
    }


@pytest.fixture
def two_servers(tmp_path):
    env = server_env(tmp_path)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    servers = [
        subprocess.Popen([sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--workers", "1",
                          "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env)
        for port in PORTS
    ]
    try:
        for port in PORTS:
            wait_until_up(port)
        yield [f"http://127.0.0.1:{port}" for port in PORTS], env
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)


def wait_until_up(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no server on port {port}")


def get(url, opener=None):
    with (opener or urllib.request.build_opener()).open(url, timeout=20) as response:
        return response.read().decode(), response.headers


def post(opener, jar, url, fields):
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
    with opener.open(urllib.request.Request(url, data=data, headers={"Referer": url}), timeout=20) as response:
        return response.read().decode()


def test_publishing_through_one_server_shows_on_the_other_at_once(two_servers):
    (first, second), env = two_servers
    chief = UserFactory(username="chief", is_superuser=True)
    subprocess.run([sys.executable, "manage.py", "shell", "-c",  # hashed as the servers hash passwords
                    f"from django.contrib.auth.models import User; u = User.objects.get(pk={chief.pk}); "
                    "u.set_password('chief-password'); u.save()"], cwd=ROOT, env=env, check=True)
    ArticleFactory(published=True, headline="Already on the front page")
    story = ArticleFactory(status="approved", headline="Published through server one")

    home, _ = get(f"{second}/")
    assert "Published through server one" not in home
    assert get(f"{second}/")[1]["X-Reader-Cache"] == "hit"

    jar = http.cookiejar.CookieJar()
    editor = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    get(f"{first}/admin/login/", editor)
    page = post(editor, jar, f"{first}/admin/login/?next=/admin/",
                {"username": "chief", "password": "chief-password", "next": "/admin/"})
    assert re.search(r"log ?out", page, re.IGNORECASE), "the editor could not log in"
    post(editor, jar, f"{first}/admin/articles/article/{story.pk}/transition/publish/", {"note": ""})
    story.refresh_from_db()
    assert story.status == "published"

    page, headers = get(f"{second}{story.get_absolute_url()}")
    assert "Published through server one" in page
    home, headers = get(f"{second}/")
    assert "Published through server one" in home and headers.get("X-Reader-Cache") != "hit"
