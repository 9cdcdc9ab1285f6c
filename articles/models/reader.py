"""What the reader site keeps besides stories: live-blog coverage and updates, the breaking-news
flag, anonymous view counts and the pages the newsroom edits (About, Contact, Masthead...).

Readers reach all of it only through live stories (``Article.objects.published()``), see
``articles.reader``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.sanitize import clean_html


def validate_profile_links(value):
    """A list of http(s) addresses: an author's other pages (their site, social profiles)."""
    if not isinstance(value, list):
        raise ValidationError("Enter a list of web addresses.")
    check = URLValidator(schemes=["http", "https"])
    for link in value:
        if not isinstance(link, str):
            raise ValidationError("Each link must be a web address.")
        try:
            check(link)
        except ValidationError:
            raise ValidationError(f"“{link}” is not an http or https address.") from None


class LiveCoverage(models.Model):
    """Marks a story as a live blog. While ``ended_at`` is empty the coverage is running."""

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, primary_key=True,
                                   related_name="live_coverage")
    started_at = models.DateTimeField(default=timezone.now, help_text="When live coverage began.")
    ended_at = models.DateTimeField(null=True, blank=True, help_text="Set to end the coverage; empty while live.")

    class Meta:
        verbose_name = "live coverage"
        verbose_name_plural = "live coverage"

    def __str__(self):
        return str(self.article)

    @property
    def is_running(self):
        return self.ended_at is None or self.ended_at > timezone.now()


class LiveUpdate(models.Model):
    """One timestamped entry on a live blog. Written only by ``articles.editorial.liveblog``."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="live_updates")
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    headline = models.CharField(max_length=200, blank=True)
    body = models.TextField(help_text="Formatting outside the house style is removed.")
    pinned = models.BooleanField(default=False, help_text="Shown first, above newer updates.")
    key_event = models.BooleanField(default=False, help_text="Listed among the key events.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-pinned", "-published_at", "-pk"]
        indexes = [models.Index(fields=["article", "-published_at"], name="live_update_newest")]

    def __str__(self):
        return self.headline or f"Update at {self.published_at:%H:%M}"

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        return f"update-{self.pk}"


class BreakingNewsQuerySet(models.QuerySet):
    def showing(self, at=None):
        """Flags in force at ``at`` (now) on stories that are live."""
        from articles.models import Article

        at = at or timezone.now()
        return self.filter(starts_at__lte=at, ends_at__gt=at, article__in=Article.objects.published())


class BreakingNews(models.Model):
    """A Publisher's flag: this live story is breaking news until ``ends_at``."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="breaking_flags")
    label = models.CharField(max_length=40, default="Breaking", help_text='Shown before the headline, e.g. "Breaking".')
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(help_text="The banner disappears at this time.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = BreakingNewsQuerySet.as_manager()

    class Meta:
        verbose_name = "breaking news banner"
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        return f"{self.label}: {self.article}"


class StoryViews(models.Model):
    """How many times a story was read on one day: a bare counter, nothing about the reader."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="view_counts")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "story views"
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="one_view_count_a_day")]


class PagePurpose(models.TextChoices):
    """The pages the newsroom edits. Each has a fixed address and a footer link, so no page costs a query
    to link to; three are named in the site's ``Organization`` structured data."""

    ABOUT = "about", "About us"
    CONTACT = "contact", "Contact"
    MASTHEAD = "masthead", "Masthead"
    ETHICS = "ethics", "Ethics policy"
    CORRECTIONS = "corrections-policy", "Corrections policy"


DEFAULT_PAGES = {
    PagePurpose.ABOUT: "<p>We are an independent newsroom. This page is waiting for the editors to describe us.</p>",
    PagePurpose.CONTACT: "<p>Write to the newsroom at "
                         "<a href=\"mailto:newsroom@example.org\">newsroom@example.org</a>.</p>",
    PagePurpose.MASTHEAD: "<p>The people who make this publication will be listed here.</p>",
    PagePurpose.ETHICS: "<p>We report accurately, fairly and independently, and we say so when we get it wrong.</p>",
    PagePurpose.CORRECTIONS: "<p>When we make a mistake we correct it openly, at the foot of the story and on our "
                             "<a href=\"/corrections/\">corrections page</a>.</p>",
}


class SitePage(models.Model):
    """A page the newsroom edits (About, Contact, Masthead...). Its body is sanitised like a story's and
    every save keeps a :class:`SitePageRevision`. A page never saved shows its default wording."""

    purpose = models.CharField(max_length=20, choices=PagePurpose.choices, unique=True,
                               help_text="Which page this is; it decides the page's address.")
    title = models.CharField(max_length=150)
    body = models.TextField(help_text="Formatting outside the house style is removed on save.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "editable page"
        ordering = ["purpose"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:site_page", kwargs={"purpose": self.purpose})

    @classmethod
    def for_purpose(cls, purpose):
        """The saved page, or an unsaved one with the default wording."""
        page = cls.objects.filter(purpose=purpose).first()
        if page is None:
            page = cls(purpose=purpose, title=PagePurpose(purpose).label, body=DEFAULT_PAGES[purpose])
        return page


class SitePageRevision(models.Model):
    """A page as it was after one save, kept for the record."""

    page = models.ForeignKey(SitePage, on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    title = models.CharField(max_length=150)
    body = models.TextField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.title} at {self.created_at:%Y-%m-%d %H:%M}"
