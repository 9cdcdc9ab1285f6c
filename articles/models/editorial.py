"""What the newsroom keeps about a story besides the story itself (what a snapshot holds: ``articles.editorial.snapshots``).

``Revision``: a full JSON snapshot of a story after every save and transition.
A revision marked ``pending`` is the working draft of a published story: the
Article row stays what readers see until a Publisher republishes.
``AuditEntry``: who did what to a story, when, with which note.
``EditorialComment``: internal notes beside the change form, never public.
``EditLock``: a soft lock showing who has the change form open.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

LOCK_TIMEOUT = timedelta(seconds=45)  # the page beats every 15 s


class Revision(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(help_text="The story's version number after this change.")
    transition = models.CharField(max_length=20, blank=True, help_text="The workflow step, if this was one.")
    note = models.TextField(blank=True)
    status = models.CharField(max_length=20, help_text="The story's status after this change.")
    snapshot = models.JSONField(help_text="The whole story: fields, tags, credits and corrections.")
    pending = models.BooleanField(
        default=False, help_text="An edit to a published story that readers will see once it is republished."
    )
    live = models.BooleanField(default=False, help_text="This content was what readers saw when it was stored.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(fields=["article"], condition=models.Q(pending=True), name="one_pending_revision"),
        ]

    def __str__(self):
        return f"Version {self.version} of “{self.snapshot.get('headline', '')}”"


class AuditEntry(models.Model):
    """One line of a story's audit log. ``user`` empty means the system (an import, a scheduler)."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="audit_entries")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.actor}: {self.action}"

    @property
    def actor(self):
        return (self.user.get_full_name() or self.user.get_username()) if self.user else "System"


class EditorialComment(models.Model):
    """An internal note on a story, shown only in the admin."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="editorial_comments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "editorial comment"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class EditLock(models.Model):
    """Who has a story's change form open. It lapses ``LOCK_TIMEOUT`` after the page's last heartbeat."""

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="edit_lock")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    acquired_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "edit lock"

    def __str__(self):
        return f"{self.user} editing {self.article_id}"

    @property
    def is_active(self):
        return self.heartbeat_at + LOCK_TIMEOUT > timezone.now()
