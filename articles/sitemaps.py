"""Sitemaps of live stories and the pages that list them, and the Google News sitemap.

``/sitemap.xml`` is an index; each section of it is paginated at 50,000 URLs
(``?p=2`` and so on). ``/sitemap-news.xml`` lists only stories first published in
the last two days, as Google News asks. Addresses use ``SITE_URL``.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max, OuterRef, Subquery
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Section
from articles.tagging import public_tags
from articles.templatetags.reader import absolute_url

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per news sitemap


class SiteSitemap(Sitemap):
    limit = 50_000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def lastmod(self, item):
        return item.last_change


class StorySitemap(SiteSitemap):
    def items(self):
        return (
            Article.objects.published()
            .only("slug", "first_published_at", "publish_at", "created_at", "modified_at", "updated_at")
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, item):
        return item.modified_at

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("modified_at"))["latest"]


def newest_live_story(**filters):
    return Subquery(
        Article.objects.published().filter(**filters).order_by("-publish_at").values("publish_at")[:1]
    )


class ListingSitemap(SiteSitemap):
    """Pages listing live stories; only those with at least one, last changed with their newest."""

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("publish_at"))["latest"]


class SectionSitemap(ListingSitemap):
    def items(self):
        return Section.objects.annotate(last_change=newest_live_story(section=OuterRef("pk"))).filter(
            last_change__isnull=False
        ).order_by("ordering", "name")


class TagSitemap(ListingSitemap):
    def items(self):
        return public_tags().annotate(last_change=newest_live_story(tags=OuterRef("pk"))).filter(
            last_change__isnull=False
        ).order_by("name")

    def location(self, item):
        return reverse("articles:tag", args=[item.slug])


class AuthorSitemap(ListingSitemap):
    def items(self):
        return Author.objects.annotate(last_change=newest_live_story(credits__author=OuterRef("pk"))).filter(
            last_change__isnull=False
        ).order_by("name")


class HomeSitemap(ListingSitemap):
    changefreq = "always"

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return self.get_latest_lastmod()


class NewsSitemap(StorySitemap):
    """Stories first published in the last two days, with their Google News metadata."""

    limit = NEWS_LIMIT

    def items(self):
        return (
            Article.objects.published()
            .with_filed_at()
            .filter(filing_time__gte=timezone.now() - NEWS_WINDOW)
            .only("headline", "language", "slug", "first_published_at", "publish_at", "created_at", "modified_at")
            .order_by("-filing_time", "-pk")[:NEWS_LIMIT]
        )


SITEMAPS = {
    "home": HomeSitemap,
    "stories": StorySitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}


@x_robots_tag
def sitemap_index(request):
    """The sitemap index, one entry per page of each sitemap, on ``SITE_URL`` (not the request's host)."""
    entries = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("articles:sitemap", kwargs={"section": name}))
        lastmod = sitemap.get_latest_lastmod()
        for page in sitemap.paginator.page_range:
            entries.append(SitemapIndexItem(location if page == 1 else f"{location}?p={page}", lastmod))
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")
