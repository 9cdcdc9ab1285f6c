"""HTTP ingest from a local server: conditional GET (ETag, Last-Modified) and the private-address rule."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.ingest import poll_source
from articles.models import Article, IncomingStory
from articles.tests.factories import IngestSourceFactory

pytestmark = pytest.mark.django_db

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Local wire</title>
<link>http://wire.example/</link><description>d</description>
<item><guid>w-1</guid><title>Dam gates opened</title><description>The gates opened at dawn.</description></item>
<item><guid>w-2</guid><description>Fishermen report record catches on the lake this week. Prices fell.</description></item>
</channel></rss>"""
ETAG = '"feed-v1"'
LAST_MODIFIED = "Sun, 29 Nov 2026 08:00:00 GMT"


class FeedHandler(BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):
        FeedHandler.requests.append(dict(self.headers))
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.end_headers()
            return
        body = FEED.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", ETAG)
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_url():
    FeedHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/wire.rss"
    server.shutdown()
    server.server_close()


def test_a_feed_is_imported_then_answered_304_with_its_etag(feed_url, settings):
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = True  # what DEBUG gives the demo
    source = IngestSourceFactory(kind="http", location=feed_url)
    first = poll_source(source)
    assert (first.created, first.error, first.not_modified) == (2, "", False)
    source.refresh_from_db()
    assert (source.etag, source.last_modified) == (ETAG, LAST_MODIFIED)
    assert Article.objects.get(source_id="w-2").headline == "Fishermen report record catches on the lake this week"
    assert IncomingStory.objects.waiting().count() == 2
    second = poll_source(source)
    assert (second.created, second.not_modified, second.error) == (0, True, "")
    assert FeedHandler.requests[-1]["If-None-Match"] == ETAG
    assert FeedHandler.requests[-1]["If-Modified-Since"] == LAST_MODIFIED
    assert Article.objects.count() == 2


def test_production_refuses_a_private_address_without_connecting(feed_url, settings):
    settings.DEBUG = False
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = False
    source = IngestSourceFactory(kind="http", location=feed_url)
    result = poll_source(source)
    assert "private or local address" in result.error
    assert FeedHandler.requests == [] and not Article.objects.exists()
    source.refresh_from_db()
    assert source.consecutive_failures == 1


def test_a_response_the_sources_format_cannot_read_is_a_failed_poll(feed_url, settings):
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = True
    source = IngestSourceFactory(kind="http", location=feed_url, format="ninjs")
    result = poll_source(source)
    assert "broken JSON" in result.error and result.created == 0
    source.refresh_from_db()
    assert source.etag == ""  # not remembered: the next poll fetches the whole document again
