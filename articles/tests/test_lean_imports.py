"""Reader pages must not import the heavy packages only editors, the API and image uploads use (issue 10).

Each gunicorn worker imports what the WSGI app imports at start and what its requests import; those
packages (django-ninja and pydantic, Pillow and pillow-heif, qrcode and lxml, hypothesis, and nh3, which
only writes need) cost a reader worker ~30 MiB of RSS. A subprocess imports the WSGI app with production
settings, serves reader pages and prints ``sys.modules``; then it serves the API, so the check is shown
to see a package once something really imports it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from articles.tests.factories import ArticleFactory
from articles.tests.subprocesses import database_url

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("ninja", "pydantic", "pydantic_core", "PIL", "pillow_heif", "qrcode", "lxml", "hypothesis", "nh3")

PROBE = r"""
import json, sys
from newsroom.wsgi import application  # noqa: F401  (what gunicorn imports)
from django.test import Client

HEAVY = %r
def loaded():
    return sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))

client = Client(HTTP_HOST="127.0.0.1")
statuses = {}
for path in %r:
    statuses[path] = client.get(path).status_code
readers = loaded()
statuses["api"] = client.get("/api/v1/stories/").status_code
api = loaded()
print(json.dumps({"statuses": statuses, "readers": readers, "api": api}))
"""


def subprocess_env():
    """Production-like settings (DEBUG off) on this test run's database."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings_test", "DATABASE_URL": database_url(), "DEBUG": "0",
           "ALLOWED_HOSTS": "127.0.0.1", "PYTHONPATH": str(ROOT)}
    env.pop("TEST_DATABASE_NAME", None)
    return env


@pytest.mark.django_db(transaction=True)
def test_reader_pages_do_not_import_the_api_pillow_or_qrcode():
    story = ArticleFactory(published=True, tags=["Rice"])
    pages = ["/", story.get_absolute_url(), f"/section/{story.section.slug}/", "/tag/rice/", "/search/?q=rice",
             "/sitemap.xml", "/sitemap-stories.xml", "/rss/", "/news-sitemap.xml"]
    done = subprocess.run([sys.executable, "-c", PROBE % (HEAVY, pages)], cwd=ROOT, env=subprocess_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])

    assert {found["statuses"][path] for path in pages} == {200}, found["statuses"]
    assert found["readers"] == [], f"reader pages imported {found['readers']}"
    # The check sees a package once a request needs it: the API (401 without a key) loads ninja.
    assert found["statuses"]["api"] == 401
    assert {"ninja", "pydantic"} <= set(found["api"])
