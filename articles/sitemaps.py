"""Sitemaps of live stories and the pages that list them, and the Google News sitemap.

``/sitemap.xml`` is an index; each section of it is paginated (``?p=2`` and so on):
stories at 500 URLs a page, the others at the protocol's 50,000. ``/sitemap-news.xml`` lists only stories first published in
the last two days, as Google News asks. Addresses use ``SITE_URL``.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path

from articles.models import Article, Author, Section
from articles.reader_text import absolute_url
from articles.tagging import public_tags

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
    # Much smaller pages than the protocol's 50,000 (5 MB, ~0.6 s to write at 100,000 stories): a
    # 500-URL page is ~48 KB, a few story pages' worth, written in a millisecond or two after a change
    # and served from the page cache nearly as fast as a page (a 2,000-URL page's 191 KB held a cache
    # hit to 56% of the bare view: the bytes, not the work). Crawlers follow the index; 100,000
    # stories make 200 pages, far under the index's 50,000 entries.
    limit = 500

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


def page_count(sitemap):
    """How many pages a sitemap has. A listing sitemap whose whole table fits on one page has one,
    known without checking every section, tag or author for a live story."""
    if isinstance(sitemap, ListingSitemap) and not isinstance(sitemap, HomeSitemap):
        if sitemap.items().model.objects.count() <= sitemap.limit:
            return 1
    return sitemap.paginator.num_pages


@x_robots_tag
def sitemap_index(request):
    """The sitemap index, one entry per page of each sitemap, on ``SITE_URL`` (not the request's host)."""
    entries = []
    latest_publication = ListingSitemap().get_latest_lastmod()
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("articles:sitemap", kwargs={"section": name}))
        lastmod = latest_publication if isinstance(sitemap, ListingSitemap) else sitemap.get_latest_lastmod()
        for page in range(1, page_count(sitemap) + 1):
            entries.append(SitemapIndexItem(location if page == 1 else f"{location}?p={page}", lastmod))
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


@x_robots_tag
def story_sitemap(request):
    """``/sitemap-stories.xml``: the same document Django's sitemap view makes from ``StorySitemap``,
    written directly from one narrow query (no model instances, no ``reverse()`` per story, no
    template loop): 50,000 stories take a fraction of a second instead of seconds."""
    try:
        page = int(request.GET.get("p", 1))
    except ValueError:
        raise Http404("No such sitemap page") from None
    limit = StorySitemap.limit
    if page < 1:
        raise Http404("No such sitemap page")
    zone = timezone.get_current_timezone()
    rows = list(
        Article.objects.published()
        .order_by("-publish_at", "-pk")
        .values_list(
            "slug",
            TruncDate(Coalesce("first_published_at", "publish_at"), tzinfo=zone),  # the date in its address
            TruncDate("modified_at", tzinfo=zone),
        )[(page - 1) * limit:page * limit]
    )
    if page > 1 and not rows:
        raise Http404("No such sitemap page")
    origin = f"{StorySitemap().get_protocol()}://{StorySitemap().get_domain()}"
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for slug, day, modified in rows:
        parts.append(
            f"<url><loc>{origin}/{day:%Y/%m/%d}/{escape_uri_path(slug)}/</loc><lastmod>{modified}</lastmod></url>"
        )
    parts.append("</urlset>\n")
    return HttpResponse("".join(parts), content_type="application/xml")
