"""Jobs due later survive without Redis: kept in the database with the change that asked for them, run by
``run_due_jobs`` when due, retried, never run twice at once, never dropped (also when Redis is unreachable)."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from articles import editorial
from articles.jobs import RETRY_INTERVALS, enqueue_in
from articles.jobs.later import LEASE, claim
from articles.models import DelayedJob, DeliveryState, WebhookDelivery, WebhookEvent, WebhookSubscription
from articles.tests.factories import SuperuserFactory, article_in_state, user_in_role
from articles.webhooks import story_event
from articles.webhooks.receiver import Receiver

pytestmark = pytest.mark.django_db

SECRET = "test-secret"
CALLS = []


def flaky(label):
    """A job that always fails (imported by its dotted path, as the runner does)."""
    CALLS.append(label)
    raise ConnectionError("mail server down")


def noted(label):
    CALLS.append(label)


@pytest.fixture(autouse=True)
def no_calls():
    CALLS.clear()


@pytest.fixture
def receiver():
    server = Receiver(secrets=[SECRET]).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def subscription(receiver):
    return WebhookSubscription.objects.create(name="Partner", url=receiver.url, secret=SECRET,
                                              events=list(WebhookEvent.values))


@pytest.fixture
def run_due_jobs(django_capture_on_commit_callbacks):
    """``manage.py run_due_jobs`` once; what its jobs queue for after their commit runs too."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_due_jobs", stdout=StringIO())

    return run


def test_a_webhook_retry_waits_in_the_database_and_runs_when_due(receiver, subscription, run_due_jobs,
                                                                 django_capture_on_commit_callbacks):
    receiver.statuses = [500]
    story = article_in_state("published")
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            story_event(story, WebhookEvent.PUBLISHED)
        delivery = WebhookDelivery.objects.get()
        job = DelayedJob.objects.get()
        assert (job.function, job.args, job.run_at) == ("articles.webhooks.delivery.deliver", [delivery.pk],
                                                        start + timedelta(minutes=1))
        clock.shift(timedelta(seconds=59))
        run_due_jobs()
        assert len(receiver.deliveries) == 1  # not due yet: still waiting, not dropped
        clock.shift(timedelta(seconds=2))
        run_due_jobs()
    delivery.refresh_from_db()
    assert [d["answered"] for d in receiver.deliveries] == [500, 200]
    assert delivery.state == DeliveryState.DELIVERED and delivery.attempts == 2
    assert not DelayedJob.objects.exists()


def test_a_scheduled_story_is_announced_by_the_runner_when_it_goes_live(receiver, subscription, run_due_jobs,
                                                                         django_capture_on_commit_callbacks):
    story = article_in_state("approved")
    at = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        editorial.schedule_article(article=story, user=user_in_role("Publishers"), at=at)
    assert DelayedJob.objects.get().function == "articles.webhooks.announce_scheduled"
    run_due_jobs()
    assert receiver.deliveries == []
    with time_machine.travel(at + timedelta(seconds=1)):
        run_due_jobs()
    assert [d["event"] for d in receiver.deliveries] == ["story.published"]
    assert not DelayedJob.objects.exists()


def test_nothing_is_kept_for_a_rolled_back_transaction():
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            enqueue_in(timedelta(minutes=1), noted, "rolled back")
            assert DelayedJob.objects.count() == 1
            raise RuntimeError("the request failed")
    assert not DelayedJob.objects.exists()


def test_a_failing_job_is_retried_then_kept_as_failed_and_can_be_retried(run_due_jobs, client, settings):
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 5}}  # no Redis at all
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        enqueue_in(timedelta(seconds=10), flaky, "newsletter")
        clock.shift(timedelta(seconds=10))
        waits = []
        for _ in range(len(RETRY_INTERVALS) + 1):
            run_due_jobs()
            job = DelayedJob.objects.get()
            if job.run_at is None:
                break
            waits.append((job.run_at - timezone.now()).total_seconds())
            clock.shift(job.run_at - timezone.now())
    assert waits == RETRY_INTERVALS
    assert len(CALLS) == len(RETRY_INTERVALS) + 1
    assert job.failed_at is not None and job.attempts == len(RETRY_INTERVALS) + 1
    assert "ConnectionError: mail server down" in job.last_error
    client.force_login(SuperuserFactory())
    page = client.get("/admin/jobs/failed/").content.decode()
    assert "articles.tests.test_jobs_delayed.flaky" in page and "mail server down" in page
    assert client.post("/admin/jobs/failed/", {"kept": job.pk}).status_code == 302
    job.refresh_from_db()
    assert job.failed_at is None and job.attempts == 0 and job.run_at <= timezone.now()


def test_two_runners_never_take_one_job_and_a_dead_runners_job_runs_again():
    enqueue_in(timedelta(0), noted, "once")
    job = DelayedJob.objects.get()
    now = timezone.now()
    assert claim(job.pk, now) is not None
    assert claim(job.pk, now) is None  # the other runner finds it taken
    assert claim(job.pk, now + LEASE - timedelta(seconds=1)) is None
    retaken = claim(job.pk, now + LEASE + timedelta(seconds=1))  # the first runner died mid-job
    assert retaken is not None and retaken.attempts == 2


def test_with_redis_unreachable_a_delayed_job_is_kept_not_dropped(settings, django_capture_on_commit_callbacks):
    settings.JOBS_RUN_INLINE = False
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 5}}  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_in(timedelta(minutes=4), noted, "retry")
    job = DelayedJob.objects.get()
    assert job.function == "articles.tests.test_jobs_delayed.noted" and job.args == ["retry"]


def test_the_runner_runs_due_jobs_in_order_and_leaves_later_ones(run_due_jobs):
    enqueue_in(timedelta(seconds=0), noted, "first")
    enqueue_in(timedelta(hours=1), noted, "later")
    enqueue_in(timedelta(seconds=0), noted, "second")
    run_due_jobs()
    assert CALLS == ["first", "second"]
    assert list(DelayedJob.objects.values_list("args", flat=True)) == [["later"]]
