"""What the newsroom keeps about its people around the stories.

``PersonPreferences``: a staff member's own time zone and how they want to be notified.
``Notification``: one in-app message to one person about one story.
``ShareLink``: a preview link given to someone outside the newsroom; listed, expiring and revocable.
``ChecklistOverride``: a Publisher's reasoned decision to publish despite failed checklist rules.
``StoryViewer``: who has a story's change form open now (presence), refreshed by the page's heartbeat.
"""

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


def validate_time_zone(value):
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a time zone name such as Asia/Phnom_Penh or Europe/London.")


class NotifyBy(models.TextChoices):
    BOTH = "both", "E-mail and in the newsroom"
    IN_APP = "in_app", "Only in the newsroom (the bell)"
    EMAIL = "email", "Only by e-mail"


class PersonPreferences(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences")
    time_zone = models.CharField(
        max_length=64, blank=True, validators=[validate_time_zone],
        help_text="Times you type and read in the newsroom; empty means the newsroom's own zone.",
    )
    notify_by = models.CharField(max_length=10, choices=NotifyBy.choices, default=NotifyBy.BOTH)

    class Meta:
        verbose_name = "personal preferences"
        verbose_name_plural = "personal preferences"

    def __str__(self):
        return f"Preferences of {self.user}"

    @property
    def wants_email(self):
        return self.notify_by in (NotifyBy.BOTH, NotifyBy.EMAIL)

    @property
    def wants_in_app(self):
        return self.notify_by in (NotifyBy.BOTH, NotifyBy.IN_APP)


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self):
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    EVENTS = {
        "submit": "submitted for review", "return": "returned to you", "approve": "approved",
        "schedule": "scheduled", "publish": "published", "kill": "killed", "mention": "mentioned you",
    }

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return f"{self.actor_name} {self.event_label}: {self.article.headline}"

    @property
    def event_label(self):
        return self.EVENTS.get(self.event, self.event)

    @property
    def actor_name(self):
        return (self.actor.get_full_name() or self.actor.get_username()) if self.actor else "The system"


class ShareLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Preview link for story {self.article_id}"

    @property
    def is_usable(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self):
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.expires_at > timezone.now() else "expired"


class ChecklistOverride(models.Model):
    """Rules a Publisher chose to pass over for one version of a story, and why."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="checklist_overrides")
    version = models.PositiveIntegerField(help_text="The story version the override was given for.")
    rules = models.JSONField(default=list)
    reason = models.TextField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Checklist override on story {self.article_id}"


class StoryViewer(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="one_viewer_row_per_person")]

    def __str__(self):
        return f"{self.user} viewing {self.article_id}"
