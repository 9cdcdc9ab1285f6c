"""Webhooks: one signed delivery per event after commit, none on rollback, retries with backoff, no private addresses."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from articles import editorial, jobs, webhooks
from articles.models import DeliveryState, WebhookDelivery, WebhookEvent, WebhookSubscription
from articles.tests.factories import article_in_state, user_in_role
from articles.webhooks import delivery as webhook_delivery
from articles.webhooks import story_event
from articles.webhooks.receiver import Receiver
from articles.webhooks.signing import sign, verify

pytestmark = pytest.mark.django_db

SECRET = "test-secret"


@pytest.fixture
def receiver():
    server = Receiver(secrets=[SECRET]).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def subscription(receiver):
    return WebhookSubscription.objects.create(name="Partner", url=receiver.url, secret=SECRET,
                                              events=list(WebhookEvent.values),
                                              owner=user_in_role("Publishers", email="owner@example.com"))


@pytest.fixture
def publisher():
    return user_in_role("Publishers")


@pytest.fixture
def scheduled(monkeypatch):
    """Jobs queued for later (retries), as ``(delay, function, args)``, instead of being dropped."""
    later = []
    for module in (jobs, webhooks, webhook_delivery):
        monkeypatch.setattr(module, "enqueue_in", lambda delay, func, *args, **kw: later.append((delay, func, args)))
    return later


@pytest.fixture
def announce(django_capture_on_commit_callbacks):
    """``story_event`` as the write path calls it: after a commit, so its jobs run."""

    def announce(article, event):
        with django_capture_on_commit_callbacks(execute=True):
            story_event(article, event)

    return announce


@pytest.fixture
def run_job(django_capture_on_commit_callbacks):
    """Run a queued job as the worker does: outside any transaction, so what it queues runs too."""

    def run_job(func, *args):
        with django_capture_on_commit_callbacks(execute=True):
            func(*args)

    return run_job


def test_one_signed_delivery_per_event_after_commit(receiver, subscription, publisher, django_capture_on_commit_callbacks):
    story = article_in_state("approved", headline="Bridge reopens")
    with django_capture_on_commit_callbacks(execute=True):
        editorial.publish_article(article=story, user=publisher)
        assert receiver.deliveries == []  # nothing before the commit
    with django_capture_on_commit_callbacks(execute=True):
        editorial.publish_article(article=story, user=publisher)  # a double click: already done, no second event
    with django_capture_on_commit_callbacks(execute=True):
        editorial.unpublish_article(article=story, user=publisher)
    with django_capture_on_commit_callbacks(execute=True):
        editorial.kill_article(article=story, user=publisher, note="Legal")
    assert [d["event"] for d in receiver.deliveries] == ["story.published", "story.unpublished", "story.killed"]
    first = receiver.deliveries[0]
    assert first["verified"]
    body = json.loads(first["body"])
    assert body["event"] == "story.published" and body["id"] == first["delivery_id"]
    assert body["story"]["headlines"][0]["value"] == "Bridge reopens"
    assert "headlines" not in json.loads(receiver.deliveries[2]["body"])["story"]  # removals carry the id only
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {DeliveryState.DELIVERED}


def test_republish_of_a_pending_edit_is_an_update(receiver, subscription, publisher, django_capture_on_commit_callbacks):
    story = article_in_state("pending")
    with django_capture_on_commit_callbacks(execute=True):
        editorial.republish_article(article=story, user=publisher, significant=True)
    assert [d["event"] for d in receiver.deliveries] == ["story.updated"]


def test_nothing_for_a_rolled_back_transaction(receiver, subscription, publisher, django_capture_on_commit_callbacks):
    story = article_in_state("approved")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                editorial.publish_article(article=story, user=publisher)
                raise RuntimeError("the editor's request failed after the step")
    assert receiver.deliveries == []
    assert not WebhookDelivery.objects.exists()


def test_subscription_gets_only_its_events(receiver, subscription, publisher, django_capture_on_commit_callbacks):
    subscription.events = ["story.killed"]
    subscription.save()
    story = article_in_state("approved")
    with django_capture_on_commit_callbacks(execute=True):
        editorial.publish_article(article=story, user=publisher)
    assert receiver.deliveries == []


def test_retries_after_500_on_the_backoff_schedule(receiver, subscription, scheduled, announce):
    receiver.statuses = [500, 503]
    story = article_in_state("published")
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as clock:
        announce(story, WebhookEvent.PUBLISHED)
        delivery = WebhookDelivery.objects.get()
        assert delivery.attempts == 1 and delivery.last_status_code == 500
        assert delivery.next_attempt_at == start + timedelta(minutes=1)
        assert [(d, f) for d, f, _ in scheduled] == [(timedelta(minutes=1), webhook_delivery.deliver)]
        clock.shift(timedelta(minutes=1))
        webhook_delivery.deliver(delivery.pk)
        delivery.refresh_from_db()
        assert delivery.attempts == 2 and delivery.next_attempt_at == start + timedelta(minutes=5)
        assert scheduled[-1][0] == timedelta(minutes=4)
        clock.shift(timedelta(minutes=4))
        webhook_delivery.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED and delivery.attempts == 3
    assert [d["answered"] for d in receiver.deliveries] == [500, 503, 200]
    assert len({d["delivery_id"] for d in receiver.deliveries}) == 1  # the same idempotency id each time
    assert all(d["verified"] for d in receiver.deliveries)


def test_backoff_spans_a_day_then_turns_the_subscription_off(receiver, subscription, scheduled, announce, run_job):
    receiver.statuses = [500] * 10
    story = article_in_state("published")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        announce(story, WebhookEvent.PUBLISHED)
        delivery = WebhookDelivery.objects.get()
        while delivery.state == DeliveryState.PENDING:
            clock.shift(delivery.next_attempt_at - timezone.now())
            run_job(webhook_delivery.deliver, delivery.pk)
            delivery.refresh_from_db()
    waits = [delay for delay, _f, _a in scheduled]
    assert waits == [timedelta(minutes=m) for m in (1, 4, 16, 64, 256, 1024)]
    assert timedelta(hours=20) < sum(waits, timedelta()) < timedelta(days=1)
    assert delivery.state == DeliveryState.FAILED and delivery.attempts == 7
    subscription.refresh_from_db()
    assert not subscription.active and "failed 7 times" in subscription.disabled_reason
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]


def test_no_delivery_to_a_private_address_in_production(receiver, subscription, settings, announce):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    announce(article_in_state("published"), WebhookEvent.PUBLISHED)
    assert receiver.deliveries == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and "private" in delivery.last_error


def test_redirects_are_not_followed(receiver, subscription, scheduled, announce):
    receiver.statuses = [302]
    announce(article_in_state("published"), WebhookEvent.PUBLISHED)
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.PENDING and delivery.last_error == "HTTP 302"
    assert len(receiver.deliveries) == 1


def test_signature_checks():
    body = b'{"a": 1}'
    header = sign(SECRET, 1_700_000_000, body)
    assert verify(SECRET, header, body, now=1_700_000_010)
    assert not verify("other", header, body, now=1_700_000_010)
    assert not verify(SECRET, header, body + b" ", now=1_700_000_010)
    assert not verify(SECRET, header, body, now=1_700_000_000 + 3600)  # a replay
    assert not verify(SECRET, "garbage", body)


def test_scheduled_story_is_announced_when_it_goes_live(receiver, subscription, publisher, scheduled, run_job,
                                                         django_capture_on_commit_callbacks):
    story = article_in_state("approved")
    at = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        editorial.schedule_article(article=story, user=publisher, at=at)
    assert receiver.deliveries == []
    (delay, func, args), = scheduled
    assert timedelta(hours=1, minutes=59) < delay <= timedelta(hours=2)
    with time_machine.travel(at + timedelta(seconds=1)):
        run_job(func, *args)
    assert [d["event"] for d in receiver.deliveries] == ["story.published"]


def test_subscriptions_admin_shows_the_delivery_log(client, receiver, subscription, announce):
    announce(article_in_state("published"), WebhookEvent.PUBLISHED)
    client.force_login(user_in_role("Publishers"))
    page = client.get(f"/admin/articles/webhooksubscription/{subscription.pk}/change/")
    assert page.status_code == 200
    assert "story.published" in page.content.decode() and "Delivered" in page.content.decode()


def test_admin_refuses_a_private_address_in_production(client, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    publisher = user_in_role("Publishers")
    client.force_login(publisher)
    data = {"name": "Internal", "url": "http://127.0.0.1:9/hook", "events": ["story.published"], "secret": "s",
            "active": "on", "deliveries-TOTAL_FORMS": "0", "deliveries-INITIAL_FORMS": "0"}
    response = client.post("/admin/articles/webhooksubscription/add/", data)
    assert response.status_code == 200 and "private or local" in response.content.decode()
    assert not WebhookSubscription.objects.exists()
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    assert client.post("/admin/articles/webhooksubscription/add/", data).status_code == 302
    assert WebhookSubscription.objects.get().owner == publisher


def test_a_published_import_batch_looks_up_subscribers_once_and_announces_every_story(
        receiver, subscription, monkeypatch, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Status

    stories = [article_in_state("published") for _ in range(4)]
    events = [(story, WebhookEvent.PUBLISHED, None) for story in stories]
    real = webhooks.story_event

    def one_fails(article, event, **kwargs):
        if article.pk == stories[1].pk:
            raise RuntimeError("this story cannot be built")
        return real(article, event, **kwargs)

    monkeypatch.setattr(webhooks, "story_event", one_fails)
    WebhookDelivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.stories_event(events)
    announced = set(WebhookDelivery.objects.values_list("body", flat=True))
    assert len(announced) == 3  # the failing story is logged; the rest of the batch still goes out
    assert all(Article.objects.get(pk=s.pk).status == Status.PUBLISHED for s in stories)
    monkeypatch.setattr(webhooks, "story_event", real)
    WebhookSubscription.objects.all().delete()
    with CaptureQueriesContext(connection) as nobody_listening:
        webhooks.stories_event(events)
    assert len(nobody_listening) == 1  # one look for subscribers, nothing built for anyone
