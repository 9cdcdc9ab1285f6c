"""The working copy a writer has typed but not saved: kept per user and story, never read by readers."""

from django.conf import settings
from django.db import models


class Autosave(models.Model):
    """One writer's unsaved form for one story (or, before its first save, for one browser draft id).

    It is a private scratch copy: it never changes the story, its version or what readers see.
    Written only through ``articles.editorial.autosave``.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves")
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves"
    )
    draft_key = models.CharField(
        max_length=64, blank=True, default="", help_text="The browser's id for a story that was never saved."
    )
    base_version = models.PositiveIntegerField(
        default=0, help_text="The story's version the writer started from (0 for a new story)."
    )
    fields = models.JSONField(default=dict, help_text="The form as typed: field name to value (or list of values).")
    saved_at = models.DateTimeField()

    class Meta:
        verbose_name = "autosave"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], condition=models.Q(article__isnull=False), name="unique_autosave_story"
            ),
            models.UniqueConstraint(
                fields=["user", "draft_key"], condition=models.Q(article__isnull=True), name="unique_autosave_draft"
            ),
            models.CheckConstraint(
                condition=models.Q(article__isnull=False) | ~models.Q(draft_key=""), name="autosave_has_owner"
            ),
        ]

    def __str__(self):
        return f"Autosave by {self.user} at {self.saved_at:%Y-%m-%d %H:%M}"
