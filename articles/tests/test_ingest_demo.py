"""The demo comes with a folder source and a feed source, and stories waiting on the Incoming desk."""

import io

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from articles.importers import feeds
from articles.importers.base import StoryRecord
from articles.ingest.demo import FEED_NAME, FOLDER_NAME
from articles.models import Article, IncomingStory, IngestSource

pytestmark = pytest.mark.django_db


def load_demo():
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


def test_the_demo_has_two_sources_and_a_waiting_desk_once(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    load_demo()
    folder, feed = IngestSource.objects.get(name=FOLDER_NAME), IngestSource.objects.get(name=FEED_NAME)
    assert feed.kind == "http" and feed.location.endswith("/static/newsroom/demo/wire-feed.rss")
    assert folder.last_error == ""
    waiting = IncomingStory.objects.waiting().select_related("article")
    assert {item.urgency for item in waiting} == {1, 3, None}
    assert waiting.count() == 4 and not Article.objects.published().filter(incoming__isnull=False).exists()
    load_demo()
    assert IncomingStory.objects.count() == 4 and IngestSource.objects.count() == 2


def test_the_demo_feed_file_is_a_feed_with_an_untitled_item():
    path = django_settings.STATICFILES_DIRS[0] / "newsroom" / "demo" / "wire-feed.rss"
    with path.open("rb") as stream:
        records = [r for r in feeds.parse(stream, origin="wire-feed.rss") if isinstance(r, StoryRecord)]
    assert len(records) == 2 and records[1].headline.startswith("Battambang's new bamboo train station")

