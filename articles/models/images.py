"""The media library: uploaded pictures and their cached renditions."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver

from articles.images.formats import CONTENT_TYPES, safe_upload_name  # registers the image Content-Types


def image_upload_to(instance, filename):
    """Uploads are stored under a generated name; see ``articles.images.formats``."""
    return safe_upload_name(filename)


class ImageQuerySet(models.QuerySet):
    def public(self):
        """Images a reader may see: used by a published story (lead or body) or as the photo of an author of one.

        An image used only by drafts, scheduled or killed stories is not here.
        """
        from articles.models import Article, Author

        published = Article.objects.published()
        return self.filter(
            Q(pk__in=published.values("lead_image"))
            | Q(pk__in=Article.body_images.through.objects.filter(article__in=published).values("image"))
            | Q(pk__in=Author.objects.filter(credits__article__in=published).values("photo"))
        )

    def used_by(self, article):
        return self.filter(Q(lead_articles=article) | Q(body_articles=article)).distinct()


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
    made_renditions = models.JSONField(
        default=dict, blank=True, editable=False,
        help_text='The stored file of each rendition made so far, by "spec.format" (kept by '
                  "articles.images.renditions), so a page names its pictures' files without a query.",
    )
    focal_x = models.FloatField(
        default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Horizontal focus, 0 (left) to 1 (right). Click the picture to set it.",
    )
    focal_y = models.FloatField(
        default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Vertical focus, 0 (top) to 1 (bottom). Crops keep this point in frame.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_in_frame",
            )
        ]

    def __str__(self):
        return self.title or self.caption[:60] or (self.file.name if self.file else self.source_url) or f"Image {self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_state = instance._rendition_inputs()
        return instance

    def _rendition_inputs(self):
        """What every rendition depends on: the stored file and the focal point."""
        stored = self.__dict__.get("file")
        return (getattr(stored, "name", stored) or "", self.__dict__.get("focal_x"), self.__dict__.get("focal_y"))

    def save(self, *args, **kwargs):
        file_changed = self._rendition_inputs()[0] != getattr(self, "_saved_state", ("",))[0]
        if self.file and (self.file_size is None or not self.file._committed or file_changed):
            try:
                self.file_size = self.file.size
            except (OSError, ValueError):
                self.file_size = None
        state = self._rendition_inputs()
        inputs_changed = getattr(self, "_saved_state", state) != state
        if inputs_changed:
            self.made_renditions = {}
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "made_renditions"}
        super().save(*args, **kwargs)
        if inputs_changed:
            # A new file or focus makes every cached crop wrong; they are rebuilt on demand.
            for rendition in self.renditions.all():
                rendition.delete()
        self._saved_state = self._rendition_inputs()

    def stories(self):
        """Every story that uses this image, as lead or inside the body, newest first."""
        from articles.models import Article

        return Article.objects.filter(Q(lead_image=self) | Q(body_images=self)).distinct()

    def rendition_file(self, spec, fmt):
        """The stored file name of a rendition already made, or ``""``."""
        return (self.made_renditions or {}).get(f"{spec}.{fmt}", "")

    @property
    def content_type(self):
        return CONTENT_TYPES.get(PurePosixPath(self.file.name).suffix.lower()) if self.file else None


class Rendition(models.Model):
    """A resized (and possibly cropped) copy of an image, made on first request and kept."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=30, help_text='Crop and width, e.g. "16x9-w640".')
    format = models.CharField(max_length=10, choices=[("webp", "WebP"), ("jpeg", "JPEG")])
    file = models.FileField(upload_to="renditions/", max_length=255, blank=True)
    width = models.PositiveIntegerField(null=True)
    height = models.PositiveIntegerField(null=True)
    file_size = models.PositiveIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["image", "spec", "format"], name="unique_image_rendition"),
        ]

    def __str__(self):
        return f"{self.image_id} {self.spec}.{self.format}"


@receiver(post_delete, sender=Image)
@receiver(post_delete, sender=Rendition)
def _delete_stored_file(sender, instance, **kwargs):
    """A deleted library entry or rendition takes its file with it (and leaves its image's list)."""
    if instance.file:
        instance.file.storage.delete(instance.file.name)
    if sender is Rendition:
        forget_rendition(instance.image_id, f"{instance.spec}.{instance.format}")


def forget_rendition(image_id, key):
    made = Image.objects.filter(pk=image_id).values_list("made_renditions", flat=True).first()
    if made and key in made:
        Image.objects.filter(pk=image_id).update(made_renditions={k: v for k, v in made.items() if k != key})
