from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, register_converter

from articles import feeds, sitemaps, views
from articles.caching import public_page
from articles.sitemaps import NEWS_SITEMAPS, SITEMAPS


class TwoDigitConverter:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class YearConverter(TwoDigitConverter):
    regex = "[0-9]{4}"

    def to_url(self, value):
        return f"{int(value):04d}"


class TagSlugConverter:
    """Tag slugs keep their letters in any script (taggit makes "café" and Khmer slugs), unlike ``<slug:>``."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TwoDigitConverter, "dd")
register_converter(TagSlugConverter, "tagslug")
register_converter(YearConverter, "yyyy")

app_name = "articles"


def feed(view):
    """A feed or sitemap: cached like a page, served stale while one process rebuilds it."""
    return public_page(view, keys=("feeds",), stale_while_revalidate=True)


def page(view_class, **initkwargs):
    """A reader page: class-based view wrapped in validators and the per-page cache."""
    return public_page(view_class.as_view(**initkwargs))


urlpatterns = [
    path("", page(views.HomeView), name="home"),
    # The story page before the rest: the most requested, and resolving tries patterns in order.
    path("<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/", page(views.ArticleDetailView), name="article"),
    path("", include("articles.reader.urls")),
    path("section/<slug:slug>/", page(views.SectionView), name="section"),
    path("tag/<tagslug:slug>/", page(views.TagView), name="tag"),
    path("author/<slug:slug>/", page(views.AuthorView), name="author"),
    path("search/", page(views.SearchView), name="search"),
    path("corrections/", page(views.CorrectionsView), name="corrections"),
    path("<yyyy:year>/", page(views.YearArchive), name="archive_year"),
    path("<yyyy:year>/<dd:month>/", page(views.MonthArchive), name="archive_month"),
    path("<yyyy:year>/<dd:month>/<dd:day>/", page(views.DayArchive), name="archive_day"),
    # Feeds
    path("rss/", feed(feeds.LatestStoriesFeed()), name="latest_rss"),
    path("atom/", feed(feeds.atom(feeds.LatestStoriesFeed)()), name="latest_atom"),
    path("section/<slug:slug>/rss/", feed(feeds.SectionFeed()), name="section_rss"),
    path("section/<slug:slug>/atom/", feed(feeds.atom(feeds.SectionFeed)()), name="section_atom"),
    path("tag/<tagslug:slug>/rss/", feed(feeds.TagFeed()), name="tag_rss"),
    path("tag/<tagslug:slug>/atom/", feed(feeds.atom(feeds.TagFeed)()), name="tag_atom"),
    path("author/<slug:slug>/rss/", feed(feeds.AuthorFeed()), name="author_rss"),
    path("author/<slug:slug>/atom/", feed(feeds.atom(feeds.AuthorFeed)()), name="author_atom"),
    # Search engines
    path("robots.txt", page(views.RobotsView), name="robots"),
    path("sitemap.xml", feed(sitemaps.sitemap_index), name="sitemap_index"),
    path("sitemap-stories.xml", feed(sitemaps.story_sitemap), name="story_sitemap"),
    path(
        "sitemap-<section>.xml",
        feed(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path(
        "news-sitemap.xml",
        feed(sitemap_views.sitemap),
        {"sitemaps": NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="news_sitemap",
    ),
]
