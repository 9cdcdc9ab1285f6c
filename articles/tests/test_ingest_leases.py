"""Two pollers never poll one source at once: a poll claims its source with a lease (issue 15).

The HTTP server below holds its first answer until the test opens a gate, so
the first poller is provably in the middle of its poll while the second one
tries: without the lease the second would send a second request.
"""

import io
import os
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from articles.ingest import leases, poll_due_sources, poll_source
from articles.models import Article, IngestPoll, IngestSource
from articles.tests.factories import IngestSourceFactory, user_in_role
from articles.tests.subprocesses import database_url

ROOT = Path(__file__).resolve().parents[2]
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Slow wire</title><link>http://slow.example/</link>
<description>d</description><item><guid>s-1</guid><title>Ferry resumes</title><description>It runs.</description>
</item></channel></rss>"""
WAIT = 60  # seconds any step may take before the test gives up (a hang is a failure, not a pass)


class GatedFeed(BaseHTTPRequestHandler):
    """Counts requests; the first is answered only once ``gate`` is set, later ones at once."""

    requests = []
    first_arrived = threading.Event()
    gate = threading.Event()

    def do_GET(self):
        GatedFeed.requests.append(self.path)
        if len(GatedFeed.requests) == 1:
            GatedFeed.first_arrived.set()
            GatedFeed.gate.wait(WAIT)
        body = FEED.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def gated_feed(settings):
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = True
    GatedFeed.requests = []
    GatedFeed.first_arrived, GatedFeed.gate = threading.Event(), threading.Event()
    server = ThreadingHTTPServer(("127.0.0.1", 0), GatedFeed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/wire.rss"
    GatedFeed.gate.set()
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_a_claimed_source_cannot_be_claimed_again_until_released_or_lapsed(tmp_path):
    source = IngestSourceFactory(location=str(tmp_path))
    first = leases.claim(source.pk, due_only=True)
    assert first is not None
    assert leases.claim(source.pk, due_only=False) is None
    later = timezone.now() + timedelta(seconds=settings.INGEST_LEASE_SECONDS + 1)
    taken_over = leases.claim(source.pk, due_only=False, now=later)  # the first poller crashed: its lease lapsed
    assert taken_over is not None
    assert not first.renew()  # the crashed poller, if it wakes up, has lost the source
    assert taken_over.renew() and taken_over.held().exists()


@pytest.mark.django_db
def test_a_poll_gives_its_lease_back_and_a_scheduled_claim_needs_the_source_due(tmp_path):
    source = IngestSourceFactory(location=str(tmp_path))
    poll = poll_source(source)
    assert poll is not None and poll.source.leased_until is None
    assert IngestSource.objects.get(pk=source.pk).leased_until is None
    assert leases.claim(source.pk, due_only=True) is None  # just polled: not due for its interval
    assert poll_due_sources() == []
    assert poll_source(source) is not None  # "Poll now" and --source poll a source that is not due


@pytest.mark.django_db
def test_the_loop_sleeps_until_a_due_source_is_also_free(tmp_path):
    from articles.management.commands.ingest import seconds_until_next

    now = timezone.now()
    source = IngestSourceFactory(location=str(tmp_path), next_poll_at=now - timedelta(seconds=5))
    assert seconds_until_next(now) == 1  # due now: poll at once (after the one-second floor)
    IngestSource.objects.filter(pk=source.pk).update(leased_until=now + timedelta(seconds=30))
    assert seconds_until_next(now) == 30  # another poller holds it: no point asking before its lease ends
    IngestSource.objects.filter(pk=source.pk).update(leased_until=None, next_poll_at=now + timedelta(hours=1))
    assert seconds_until_next(now) == 60  # never longer than a minute, so new sources are seen


@pytest.mark.django_db
def test_editing_a_source_while_it_is_polled_keeps_the_poll_s_lease(tmp_path, client):
    source = IngestSourceFactory(location=str(tmp_path), name="Agency")
    lease = leases.claim(source.pk, due_only=False)
    client.force_login(user_in_role("Editors"))
    form = {"name": "Agency wire", "kind": "folder", "location": str(tmp_path), "format": "auto",
            "poll_interval": "120", "enabled": "on", "section": "", "tags": "", "credit_line": "",
            "polls-TOTAL_FORMS": "0", "polls-INITIAL_FORMS": "0", "polls-MIN_NUM_FORMS": "0",
            "polls-MAX_NUM_FORMS": "0"}
    answer = client.post(f"/admin/articles/ingestsource/{source.pk}/change/", form)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert IngestSource.objects.get(pk=source.pk).name == "Agency wire"
    assert lease.held().exists()


@pytest.mark.django_db(transaction=True)
def test_two_pollers_in_threads_poll_an_http_source_once(gated_feed, client):
    source = IngestSourceFactory(kind="http", location=gated_feed, format="rss", name="Slow wire")
    results = []

    def first_poller():
        try:
            results.append(poll_due_sources())
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_poller)
    thread.start()
    assert GatedFeed.first_arrived.wait(WAIT)  # the first poller is mid-poll now
    assert poll_due_sources() == []  # the second finds the source claimed
    assert poll_source(source) is None  # and so does "Poll now"
    out = io.StringIO()
    call_command("ingest", source=["Slow wire"], stdout=out)
    assert out.getvalue() == "Slow wire: another poll of this source is running; left to it\n"
    client.force_login(user_in_role("Editors"))
    assert "polling now…" in client.get("/admin/articles/ingestsource/").content.decode()
    GatedFeed.gate.set()
    thread.join(WAIT)
    assert len(GatedFeed.requests) == 1
    assert [poll.created for poll in results[0]] == [1]
    assert IngestPoll.objects.count() == 1 and Article.objects.count() == 1


def subprocess_env():
    """The environment for a ``manage.py`` process that uses this test run's database."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings_test", "DATABASE_URL": database_url(),
            "INGEST_ALLOW_PRIVATE_ADDRESSES": "1", "JOBS_RUN_INLINE": "1"}


@pytest.mark.django_db(transaction=True)
def test_two_ingest_processes_poll_an_http_source_once(gated_feed):
    IngestSourceFactory(kind="http", location=gated_feed, format="rss", name="Slow wire")
    command = [sys.executable, "manage.py", "ingest", "-v", "2"]
    first = subprocess.Popen(command, cwd=ROOT, env=subprocess_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert GatedFeed.first_arrived.wait(WAIT), first.communicate(timeout=WAIT)
        second = subprocess.run(command, cwd=ROOT, env=subprocess_env(), capture_output=True, text=True,
                                timeout=WAIT)
        assert second.returncode == 0, second.stderr
        assert "Slow wire" not in second.stdout  # it polled nothing: the source was claimed
        GatedFeed.gate.set()
        out, err = first.communicate(timeout=WAIT)
    finally:
        first.kill() if first.poll() is None else None
    assert first.returncode == 0, err
    assert "Slow wire: 1 created" in out
    assert len(GatedFeed.requests) == 1
    assert IngestPoll.objects.count() == 1 and Article.objects.count() == 1
