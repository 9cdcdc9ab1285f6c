"""The admin's "Poll now" queues the poll on the job queue and answers at once (issue 15).

With Redis (``REDIS_URL``, else database 15 on 127.0.0.1) a real worker process
runs the queued poll; without a queue the job runs right after the request's
work, as every job does in development.
"""

import json
import subprocess
import sys

import pytest
from django.contrib.messages import get_messages

from articles.models import Article, IngestPoll
from articles.tests.factories import IngestSourceFactory, user_in_role
from articles.tests.test_ingest_leases import ROOT, subprocess_env
from articles.tests.test_jobs_worker import REDIS_URL, real_queue  # noqa: F401  (the fixture)

CHANGELIST = "/admin/articles/ingestsource/"


def drop_wire_file(folder):
    (folder / "wire.jsonl").write_text(json.dumps({"id": "p1", "headline": "Port strike ends", "body_text": "Ships move.",
                                                   "version": 1}) + "\n", "utf-8")


def poll_now(client, source):
    client.force_login(user_in_role("Editors"))
    return client.post(CHANGELIST, {"action": "poll_now", "_selected_action": [source.pk]})


@pytest.mark.django_db
def test_without_a_queue_poll_now_runs_the_poll_and_says_so(tmp_path, client, settings,
                                                           django_capture_on_commit_callbacks):
    settings.JOBS_RUN_INLINE, settings.INGEST_SETTLE_SECONDS = True, 0
    source = IngestSourceFactory(location=str(tmp_path), name="Port wire")
    drop_wire_file(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):  # the test's transaction stands for the request's
        answer = poll_now(client, source)
    assert answer.status_code == 302
    (message,) = [str(m) for m in get_messages(answer.wsgi_request)]
    assert message.startswith("Polled Port wire (no job queue here")
    assert IngestPoll.objects.get(source=source).created == 1
    assert Article.objects.get(source_id="p1").headline == "Port strike ends"


@pytest.mark.django_db(transaction=True)
def test_with_a_queue_poll_now_answers_at_once_and_a_worker_polls(real_queue, tmp_path, client):  # noqa: F811
    source = IngestSourceFactory(location=str(tmp_path), name="Port wire")
    drop_wire_file(tmp_path)
    answer = poll_now(client, source)
    assert answer.status_code == 302
    (message,) = [str(m) for m in get_messages(answer.wsgi_request)]
    assert message.startswith("Queued a poll of Port wire.")
    assert real_queue.count == 1
    assert not IngestPoll.objects.exists() and (tmp_path / "wire.jsonl").exists()  # nothing polled in the request

    env = {**subprocess_env(), "JOBS_RUN_INLINE": "0", "JOBS_REDIS_URL": REDIS_URL, "INGEST_SETTLE_SECONDS": "0"}
    worker = subprocess.run([sys.executable, "manage.py", "rqworker", "default", "--burst"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert worker.returncode == 0, worker.stderr
    assert IngestPoll.objects.get(source=source).created == 1
    assert Article.objects.filter(source_id="p1").exists()
    listing = client.get(CHANGELIST).content.decode()
    assert 'class="ingest-ok">OK<' in listing
