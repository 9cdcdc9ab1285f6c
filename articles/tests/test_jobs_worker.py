"""The job queue with a real Redis and a real worker process (``manage.py rqworker``).

Uses ``REDIS_URL`` when set, else Redis database 15 on 127.0.0.1 (``.ci/run`` starts Redis).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import RedisError
from rq.registry import FailedJobRegistry

from articles.jobs import enqueue, get_queue
from articles.jobs.tasks import send_notification_mail
from articles.tests.factories import SuperuserFactory, user_in_role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture
def real_queue(settings):
    connection = Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except RedisError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not running at {REDIS_URL} (.ci/run starts it)")
    settings.JOBS_RUN_INLINE = False
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}}
    queue = get_queue()
    queue.empty()
    FailedJobRegistry(queue=queue).cleanup()
    for job_id in FailedJobRegistry(queue=queue).get_job_ids():
        FailedJobRegistry(queue=queue).remove(job_id, delete_job=True)
    yield queue
    queue.empty()


def run_worker(tmp_path):
    """One worker in burst mode: works every job queued, then exits."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings_test", "JOBS_REDIS_URL": REDIS_URL,
           "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(tmp_path)}
    return subprocess.run([sys.executable, "manage.py", "rqworker", "default", "--burst"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_job_queued_while_no_worker_runs_is_done_when_one_starts(real_queue, tmp_path,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(send_notification_mail, "Published: Bridge reopens", "Body", ["reporter@example.com"])
        assert real_queue.count == 0  # not before the commit
    assert real_queue.count == 1
    assert not list(tmp_path.iterdir())  # no worker yet: nothing sent, nothing lost
    finished = run_worker(tmp_path)
    assert finished.returncode == 0, finished.stderr
    sent = "".join(path.read_text() for path in tmp_path.iterdir())
    assert "Subject: Published: Bridge reopens" in sent and "reporter@example.com" in sent
    assert real_queue.count == 0


def test_failed_jobs_view_lists_and_retries_for_superusers_only(real_queue, tmp_path, client):
    real_queue.enqueue("math.sqrt", -1)  # fails on the worker (ValueError); enqueued without retries
    assert run_worker(tmp_path).returncode == 0
    registry = FailedJobRegistry(queue=real_queue)
    assert registry.count == 1
    client.force_login(user_in_role("Publishers"))
    assert client.get("/admin/jobs/failed/").status_code == 403
    client.force_login(SuperuserFactory())
    page = client.get("/admin/jobs/failed/").content.decode()
    assert "math.sqrt(-1)" in page
    assert "ValueError" in page
    job_id = registry.get_job_ids()[0]
    assert client.post("/admin/jobs/failed/", {"job": job_id}).status_code == 302
    assert registry.count == 0 and real_queue.count == 1
