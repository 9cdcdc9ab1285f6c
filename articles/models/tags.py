"""The tag vocabulary around django-taggit's ``Tag``: a profile (description, picture, internal
flag), alternative names (aliases) and old addresses (redirects after a rename or merge).

``normalise_tag_name`` is the one rule for "the same tag": case, accents and punctuation do not
count, so "Hun Sen", "hun-sen" and "Hùn Sen!" are one name.
"""

import unicodedata
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models

from articles.sanitize import clean_html


def normalise_tag_name(name):
    """The key two names share when they mean the same tag: lower case, no accents, letters and digits only.

    Letters of any script are kept (a Khmer tag normalises to itself, minus its combining marks).
    Remembered for the last few thousand names: an import asks about the same keywords thousands of times.
    """
    return _normalised(str(name))


@lru_cache(maxsize=4096)
def _normalised(name):
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category.startswith(("L", "N")):
            kept.append(char)
        elif category.startswith("M") and not char.isascii() and not unicodedata.combining(char):
            kept.append(char)  # spacing marks carry meaning in scripts such as Khmer
        elif category.startswith(("Z", "P", "S")) or char.isspace():
            kept.append(" ")
    return " ".join("".join(kept).split())


class TagProfile(models.Model):
    """What readers and editors know about a tag beyond its name. A tag without one is public."""

    tag = models.OneToOneField("taggit.Tag", on_delete=models.CASCADE, related_name="profile")
    key = models.CharField(max_length=100, db_index=True, editable=False, help_text="The tag's normalised name.")
    description = models.TextField(
        blank=True, help_text="Shown on the tag page and in its feed. Formatting outside the house style is removed."
    )
    image = models.ForeignKey(
        "articles.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="tag_profiles",
        help_text="Shown at the top of the tag page.",
    )
    internal = models.BooleanField(
        default=False, help_text='For the newsroom only (e.g. "needs-photo"): never shown to readers.'
    )

    class Meta:
        verbose_name = "tag profile"

    def __str__(self):
        return f"/tag/{self.tag.slug}/"

    def save(self, *args, **kwargs):
        """Sanitise the description; a new profile for a tag that already has one (every saved tag gets one
        from ``articles.tagging.signals``, e.g. before the admin's inline saves) updates that one."""
        self.description = clean_html(self.description)
        self.key = normalise_tag_name(self.tag.name)[:100]
        if self.pk is None:
            self.pk = TagProfile.objects.filter(tag_id=self.tag_id).values_list("pk", flat=True).first()
            self._state.adding = self.pk is None
        super().save(*args, **kwargs)


class TagAlias(models.Model):
    """Another name for a tag: typing or importing it gives the tag."""

    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=100)
    key = models.CharField(max_length=100, unique=True, editable=False, help_text="The normalised name.")

    class Meta:
        verbose_name = "tag alias"
        verbose_name_plural = "tag aliases"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} → {self.tag}"

    def clean(self):
        from articles.tagging import near_duplicate_of

        self.name = " ".join(self.name.split())
        if not normalise_tag_name(self.name):
            raise ValidationError({"name": "An alias needs at least one letter or digit."})
        existing = near_duplicate_of(self.name, exclude_alias=self.pk)
        if existing is not None and (existing != self.tag if self.tag_id else True):
            raise ValidationError({"name": f"“{self.name}” is already the tag “{existing.name}” or one of its aliases."})

    def save(self, *args, **kwargs):
        self.key = normalise_tag_name(self.name)[:100]
        super().save(*args, **kwargs)


class TagRedirect(models.Model):
    """An address a tag had before a rename or a merge; readers get a 301 to the tag's page."""

    old_slug = models.CharField(max_length=100, unique=True)
    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="old_addresses")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "old tag address"
        verbose_name_plural = "old tag addresses"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"/tag/{self.old_slug}/ → {self.tag}"
