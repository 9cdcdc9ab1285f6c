"""Sections of the site and the people who write for it."""

from django.conf import settings
from django.db import models

from articles.models.reader import validate_profile_links
from articles.paths import path_to


class SectionQuerySet(models.QuerySet):
    def live(self):
        """Sections with at least one live story, in menu order (for navigation)."""
        from articles.models import Article

        return self.filter(models.Exists(Article.objects.published().filter(section=models.OuterRef("pk"))))


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in the section's web address.")
    description = models.TextField(blank=True, help_text="Shown at the top of the section page.")
    ordering = models.PositiveSmallIntegerField(
        default=100, help_text="Sections with a lower number come first in menus and on the home page."
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["ordering", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_to("articles:section", self.slug)


class Author(models.Model):
    """A contributor: staff, freelancer or agency. Not necessarily a user of the CMS."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True, help_text="Used in the author's web address.")
    job_title = models.CharField(max_length=100, blank=True, help_text='For example "Staff reporter".')
    bio = models.TextField("short bio", blank=True, help_text="One or two sentences shown on the author page.")
    photo = models.ForeignKey(
        "articles.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="A head-and-shoulders photo from the media library.",
    )
    links = models.JSONField(
        default=list, blank=True, validators=[validate_profile_links],
        help_text='Their other pages, as a list of web addresses: ["https://example.org/me", "https://x.com/me"].',
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="author_profile",
        help_text="The CMS account of this person, if they have one.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_to("articles:author", self.slug)
