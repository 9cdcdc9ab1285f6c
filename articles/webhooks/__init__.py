"""Outgoing webhooks: what happened to a story, POSTed to subscribers from the job queue.

:func:`story_event` is the one entry point; the editorial write path calls it
after the transaction commits. :mod:`articles.webhooks.delivery` signs, sends,
retries and logs; :mod:`articles.webhooks.signing` is what a receiver checks.
"""

import json
import uuid

from django.utils import timezone

from articles.exporters import ninjs
from articles.jobs import enqueue, enqueue_in
from articles.jobs.tasks import pregenerate_lead_renditions
from articles.models import Article, Status, WebhookDelivery, WebhookEvent, WebhookSubscription
from articles.webhooks.delivery import deliver

TRANSITION_EVENTS = {
    "publish": WebhookEvent.PUBLISHED,
    "schedule": WebhookEvent.PUBLISHED,
    "unpublish": WebhookEvent.UNPUBLISHED,
    "kill": WebhookEvent.KILLED,
}


def transition_event(name, previous_status):
    """The event a workflow step means for the outside world, or ``None`` (steps readers never see)."""
    if name == "republish":
        return WebhookEvent.UPDATED if previous_status == Status.PUBLISHED else WebhookEvent.PUBLISHED
    return TRANSITION_EVENTS.get(name)


def stories_event(events):
    """:func:`story_event` for a batch of ``(article, event, when)``: the subscriptions are looked up
    once, so a batch nobody listens to costs one query, not one per story."""
    listening = {event: WebhookSubscription.objects.listening_to(event) for event in {e for _, e, _ in events}}
    for article, event, when in events:
        story_event(article, event, when=when, subscriptions=listening[event])


def story_event(article, event, *, when=None, subscriptions=None):
    """Announce ``event`` about ``article``: queue one delivery per subscription that wants it.

    Call only after the change committed; ``subscriptions`` are those listening to ``event``
    when the caller already looked them up. A publication at a future ``when`` is
    announced when it goes live (a job queued for then checks it still is). A
    publication also queues the lead picture's renditions.
    """
    if event is None:
        return
    now = timezone.now()
    if event == WebhookEvent.PUBLISHED and when is not None and when > now:
        enqueue_in(when - now, announce_scheduled, article.pk, when.isoformat())
        return
    if event == WebhookEvent.PUBLISHED and article.lead_image_id:
        enqueue(pregenerate_lead_renditions, article.pk)
    if subscriptions is None:
        subscriptions = WebhookSubscription.objects.listening_to(event)
    if not subscriptions:
        return  # nobody to tell: build no story (an import batch announces each of its stories)
    if event in (WebhookEvent.PUBLISHED, WebhookEvent.UPDATED):
        live = Article.objects.published().with_related().filter(pk=article.pk).first()
        if live is None:
            return
        story = ninjs.to_dict(live)
    else:
        story = {"uri": ninjs.uri_of(article), "altids": [{"role": "newsroom-id", "value": str(article.pk)}]}
    for subscription in subscriptions:
        event_id = uuid.uuid4()
        body = json.dumps({"id": str(event_id), "event": str(event), "occurred_at": now.isoformat(), "story": story},
                          ensure_ascii=False)
        delivery = WebhookDelivery.objects.create(subscription=subscription, event=event, event_id=event_id, body=body)
        enqueue(deliver, delivery.pk)


def announce_scheduled(article_id, when_iso):
    """A scheduled story's time has come: announce it if it is live at that very time (not moved or pulled)."""
    article = Article.objects.published().filter(pk=article_id, publish_at=when_iso).first()
    if article is not None:
        story_event(article, WebhookEvent.PUBLISHED)
