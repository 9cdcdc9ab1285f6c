"""The story itself, its ordered credits and its tags."""

import functools
import math
import re
from html import unescape

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.querysets import ArticleQuerySet, TaggedArticleQuerySet
from articles.sanitize import clean_html, html_text
from articles.slugs import slug_base, unique_slug

WORDS_PER_MINUTE = 230
SUMMARY_LENGTH = 240
DESCRIPTION_LENGTH = 160  # what search engines show
FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)


class Status(models.TextChoices):
    """Where a story is on its way to readers. Only ``articles.editorial`` changes it."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"
    KILLED = "killed", "Killed"


class Priority(models.TextChoices):
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    BREAKING = "breaking", "Breaking"


class CreditRole(models.TextChoices):
    BYLINE = "byline", "Byline author"
    ADDITIONAL_REPORTING = "additional", "Additional reporting"
    PHOTOGRAPHER = "photographer", "Photographer"
    GRAPHICS = "graphics", "Graphics"
    EDITOR = "editor", "Editor"


BYLINE_ROLES = (CreditRole.BYLINE, CreditRole.ADDITIONAL_REPORTING)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")
    tagged_at = models.DateTimeField(
        default=timezone.now, editable=False,
        help_text="When the tag was put on the story (kept while it stays there): the tag desk's \"last used\".",
    )

    objects = TaggedArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "story tag"
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")]
        # A tag's stories from the index alone (tag pages, related stories).
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_article_by_tag_idx")]


class Article(models.Model):
    # What readers see
    kicker = models.CharField(max_length=80, blank=True, help_text='A short label above the headline, e.g. "Analysis".')
    headline = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=200, unique=True, blank=True,
        help_text="The story's web address. Filled from the headline; do not change it after publishing.",
    )
    dek = models.TextField("standfirst", blank=True, help_text="One or two sentences under the headline.")
    body = models.TextField(blank=True, help_text="The story. Formatting outside the house style is removed on save.")
    dateline = models.CharField(max_length=100, blank=True, help_text='Where the story was reported, e.g. "PHNOM PENH".')
    section = models.ForeignKey(
        "articles.Section", null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    authors = models.ManyToManyField("articles.Author", through="ArticleAuthor", blank=True, related_name="articles")
    credit_line = models.CharField(
        max_length=200, blank=True, help_text='A byline for wire copy with no named author, e.g. "Reuters".'
    )
    tags = TaggableManager(through=TaggedArticle, blank=True)
    lead_image = models.ForeignKey(
        "articles.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="lead_articles"
    )
    lead_image_caption = models.TextField(
        blank=True, help_text="Replaces the image's own caption for this story only."
    )
    body_images = models.ManyToManyField(
        "articles.Image", blank=True, related_name="body_articles", editable=False,
        help_text="Images placed inside the body; kept up to date on save.",
    )
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)

    # Where it is in the workflow
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True, editable=False)
    publish_at = models.DateTimeField(
        "publication time", null=True, blank=True, db_index=True,
        help_text="When the story goes (or went) live. A future time means scheduled.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(
        "updated", null=True, blank=True, editable=False,
        help_text="The time shown to readers as 'Updated'; set by corrections and significant updates.",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_articles",
        help_text="Who is working on this story now.",
    )
    deadline = models.DateTimeField(null=True, blank=True)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    kill_reason = models.TextField(blank=True, editable=False)

    # Search engines and syndication
    seo_title = models.CharField("SEO title", max_length=70, blank=True, help_text="Replaces the headline in search results.")
    seo_description = models.CharField(
        "meta description", max_length=160, blank=True, help_text="Shown in search results; the standfirst if empty."
    )
    canonical_url = models.URLField(
        "canonical URL", max_length=500, blank=True, help_text="Only for syndicated copy: the original's address."
    )

    # Imports
    source = models.CharField(max_length=100, blank=True, default="", help_text="The system the story was imported from.")
    source_id = models.CharField(max_length=500, blank=True, default="", help_text="The story's id in that system.")
    source_version = models.CharField(max_length=100, blank=True, default="", editable=False)
    client_token = models.CharField(
        max_length=64, blank=True, default="", editable=False,
        help_text="The editing form's one-time token for a new story: a retried create finds the story it made.",
    )
    imported_version = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Our version number right after the last import."
    )

    # Derived and bookkeeping
    word_count = models.PositiveIntegerField(default=0, editable=False)
    reading_time = models.PositiveSmallIntegerField("reading time (minutes)", default=0, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        permissions = [
            ("submit_article", "Can submit a story for review"),
            ("approve_article", "Can approve or return a story"),
            ("publish_article", "Can publish, schedule, unpublish and correct a story"),
            ("kill_article", "Can kill a published story"),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_live_idx"),
            # Live stories newest first with what a sitemap lists and the home page's by-section
            # blocks choose from (``newest_with_sections``): index-only scans on PostgreSQL.
            models.Index(
                fields=["status", "-publish_at", "-id"],
                include=["slug", "first_published_at", "modified_at", "section"],
                name="article_live_sitemap_idx",
            ),
            models.Index(fields=["section", "status", "-publish_at"], name="article_section_live_idx"),
            # Live stories by the time they were filed (``with_filed_at``): the news sitemap and day archives.
            models.Index(
                Coalesce("first_published_at", "publish_at").desc(), F("id").desc(),
                condition=models.Q(status="published"), name="article_filed_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=~models.Q(source_id=""), name="unique_article_source_id"
            ),
            models.UniqueConstraint(
                fields=["client_token"], condition=~models.Q(client_token=""), name="unique_article_client_token"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(publish_at__isnull=False),
                name="published_article_has_time",
            ),
        ]

    def __str__(self):
        return self.headline

    def prepare_for_save(self):
        """What every write of the row needs: the sanitised body, its counts and a slug."""
        self.body = clean_html(self.body)
        self.word_count = count_words(self.body)
        self.reading_time = math.ceil(self.word_count / WORDS_PER_MINUTE) if self.word_count else 0
        if not self.slug:
            self.slug = unique_slug(Article.objects.exclude(pk=self.pk), slug_base(self.headline))

    def save(self, *args, **kwargs):
        """Only ``articles.editorial`` saves a story; every save bumps ``version``."""
        self.prepare_for_save()
        self.version = (self.version or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"], "body", "word_count", "reading_time", "version", "modified_at"
            }
        super().save(*args, **kwargs)

    @property
    def filed_at(self):
        """When the story is filed for readers: its first publication, else its publication time.

        The one rule for the date in its address and the archive day it is listed under
        (``ArticleQuerySet.with_filed_at`` annotates the same rule as ``filing_time``).
        """
        return self.first_published_at or self.publish_at

    @property
    def url_date(self):
        """The date in the story's address: the local date it is filed under (today while it has none)."""
        return timezone.localdate(self.filed_at or self.created_at or timezone.now())

    def get_absolute_url(self):
        return story_path(self.url_date, self.slug)

    @property
    def public_tags(self):
        """The tags readers may see on this story (internal ones left out), by name.

        Uses the ``public_tag_links`` that ``ArticleQuerySet.with_related()`` prefetches, else one query.
        """
        links = getattr(self, "public_tag_links", None)
        if links is None:
            links = TaggedArticle.objects.public().filter(content_object=self).select_related("tag")
        return [link.tag for link in links]

    @property
    def is_live(self):
        return self.status == Status.PUBLISHED and self.publish_at is not None and self.publish_at <= timezone.now()

    @property
    def live_blog_running(self):
        """A live blog whose coverage is still running: the "Live" badge on its cards and page.

        Select ``live_coverage`` with the story (``ArticleQuerySet.for_cards()`` does), else one query."""
        try:
            coverage = self.live_coverage
        except ObjectDoesNotExist:
            return False
        return coverage.is_running

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.publish_at is not None and self.publish_at > timezone.now()

    def ordered_credits(self):
        """Credits in byline order; uses the prefetched list when there is one."""
        return sorted(self.credits.all(), key=lambda credit: (credit.order, credit.pk or 0))

    @property
    def byline_authors(self):
        return [credit.author for credit in self.ordered_credits() if credit.role in BYLINE_ROLES]

    @property
    def display_title(self):
        return self.seo_title or self.headline

    def summary_text(self, limit):
        """The standfirst, else the first paragraph with words, as plain text cut at a word within ``limit``."""
        if self.dek.strip():
            return shorten(strip_tags(self.dek), limit)
        for paragraph in FIRST_PARAGRAPH.findall(self.body):
            if strip_tags(paragraph).strip():
                return shorten(strip_tags(paragraph), limit)
        return shorten(strip_tags(self.body.replace(">", "> ")), limit)

    @property
    def summary(self):
        """A line or two for listings."""
        return self.summary_text(SUMMARY_LENGTH)

    @property
    def description(self):
        """For search engines and link previews: the editor's meta description, else a short summary."""
        return self.seo_description or self.summary_text(DESCRIPTION_LENGTH)


class ArticleAuthor(models.Model):
    """One person's credit on one story, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credits")
    author = models.ForeignKey("articles.Author", on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=20, choices=CreditRole.choices, default=CreditRole.BYLINE)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "credit"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author", "role"], name="unique_article_author_role")
        ]

    def __str__(self):
        return f"{self.author} ({self.get_role_display()})"


def story_path(day, slug):
    """The address of the story filed under ``day`` as ``slug``. A listing links each story twice or
    more, and ``reverse()`` is the slowest step of a card, so addresses are remembered (per URLconf
    and script prefix, so an overridden URLconf or a site served under a prefix gets its own)."""
    return _story_path(day.year, day.month, day.day, slug, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=1024)  # a listing links at most ~60 stories; ~0.4 MB when full
def _story_path(year, month, day, slug, root_urlconf, urlconf, script_prefix):
    return reverse("articles:article", urlconf=urlconf,
                   kwargs={"year": year, "month": f"{month:02d}", "day": f"{day:02d}", "slug": slug})


def shorten(text, limit):
    """Plain ``text`` with its spacing tidied, cut at the last whole word within ``limit`` characters."""
    text = " ".join(unescape(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
    return f"{cut}…"


def count_words(html):
    return len(html_text(html).split())
