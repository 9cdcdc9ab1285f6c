"""The media library."""

from django.conf import settings
from django.db import models


def image_upload_to(instance, filename):
    """Uploads are stored under a generated name; see ``articles.images``."""
    from articles.images import safe_upload_name

    return safe_upload_name(filename)


class Image(models.Model):
    file = models.ImageField(
        upload_to=image_upload_to, width_field="width", height_field="height", blank=True, max_length=255,
    )
    title = models.CharField(max_length=255, blank=True)
    alt_text = models.CharField(
        max_length=300, blank=True,
        help_text="Describe what the picture shows for readers who cannot see it. Required before publishing.",
    )
    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text='Photographer and agency, e.g. "Jane Doe/AFP".')
    source_note = models.CharField(
        "source and licence", max_length=300, blank=True, help_text="Where the image came from and how we may use it."
    )
    source_url = models.URLField(
        max_length=1000, blank=True, help_text="Where an imported image was found, if it has not been fetched."
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    file_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    focal_x = models.FloatField(default=0.5, help_text="Horizontal focus, 0 (left) to 1 (right).")
    focal_y = models.FloatField(default=0.5, help_text="Vertical focus, 0 (top) to 1 (bottom).")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title or self.caption[:60] or (self.file.name if self.file else self.source_url) or f"Image {self.pk}"
