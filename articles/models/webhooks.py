"""Webhook subscriptions and their delivery log (the sending is in ``articles.webhooks``)."""

import secrets
import uuid

from django.conf import settings
from django.db import models


class WebhookEvent(models.TextChoices):
    PUBLISHED = "story.published", "Story published"
    UPDATED = "story.updated", "Story updated (republish, significant update)"
    UNPUBLISHED = "story.unpublished", "Story unpublished"
    KILLED = "story.killed", "Story killed"


def new_secret():
    return secrets.token_hex(32)


class WebhookSubscriptionQuerySet(models.QuerySet):
    def listening_to(self, event):
        """Active subscriptions that asked for ``event`` (filtered in Python: ``events`` is a JSON list)."""
        return [s for s in self.filter(active=True) if event in s.events]


class WebhookSubscription(models.Model):
    name = models.CharField(max_length=100)
    url = models.URLField("URL", max_length=500, help_text="Where deliveries are POSTed. Redirects are not followed.")
    events = models.JSONField(default=list, help_text="The events to deliver.")
    secret = models.CharField(
        max_length=100, default=new_secret,
        help_text="Shared with the receiver, which checks each delivery's signature with it.",
    )
    active = models.BooleanField(default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Told by e-mail when the subscription is turned off after failing.",
    )
    disabled_reason = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WebhookSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One event for one subscription: the body sent (same on every attempt) and how the attempts went."""

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, editable=False, help_text="The idempotency id receivers dedupe on.")
    event = models.CharField(max_length=30, choices=WebhookEvent.choices)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event} → {self.subscription}"
