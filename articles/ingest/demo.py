"""The demo's two ingest sources: a watched folder with a few wire files, and a feed the dev site serves itself.

``load_demo`` calls :func:`set_up_demo_sources`. The folder is filled and polled
once when its source is first made, so stories wait on the Incoming desk as
soon as ``make run`` is up. The feed is ``static/newsroom/demo/wire-feed.rss``
served by the development site (a private address, allowed because the demo
runs with ``DEBUG``); ``make run`` runs ``manage.py ingest --loop`` next to the
server, which polls it a few seconds after start.
"""

import os
import shutil
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from articles.ingest.poll import poll_source
from articles.models import IngestSource, Section

WIRE_FILES = Path(__file__).resolve().parent.parent / "demo" / "wire"
FEED_PATH = "/static/newsroom/demo/wire-feed.rss"
FOLDER_NAME, FEED_NAME = "Demo wire (folder)", "Demo regional feed"


def set_up_demo_sources():
    folder = Path(settings.VAR_DIR) / "ingest" / "demo-wire"
    section = Section.objects.filter(name="Politics").first()
    source, created = IngestSource.objects.get_or_create(
        name=FOLDER_NAME,
        defaults=dict(kind=IngestSource.Kind.FOLDER, location=str(folder), format="auto", poll_interval=60,
                      credit_line="Demo Wire", tags="Wire", section=section),
    )
    if created:
        shutil.rmtree(folder, ignore_errors=True)  # left by an earlier demo database; nothing else uses it
        folder.mkdir(parents=True)
        settled = time.time() - 60
        for path in sorted(WIRE_FILES.iterdir()):
            shutil.copy(path, folder / path.name)
            os.utime(folder / path.name, (settled, settled))
        poll_source(source)
    feed, _ = IngestSource.objects.update_or_create(
        name=FEED_NAME,
        defaults=dict(kind=IngestSource.Kind.HTTP, location=settings.SITE_URL + FEED_PATH, format="rss",
                      poll_interval=300, tags="Regional"),
    )
    if feed.last_polled_at is None:
        IngestSource.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now() + timedelta(seconds=5))
