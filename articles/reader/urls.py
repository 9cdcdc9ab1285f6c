"""Addresses of the reader site's newer parts (included by ``articles.urls``, same namespace)."""

from django.urls import path, re_path

from articles.caching import public_page
from articles.models import PagePurpose
from articles.reader import breaking, liveblog, most_read, pages, view_counting

PURPOSES = "|".join(PagePurpose.values)

urlpatterns = [
    path("live/<int:pk>/updates/", public_page(liveblog.live_updates_fragment), name="live_updates"),
    path("live/<int:pk>/rss/", public_page(liveblog.LiveBlogFeed()), name="live_rss"),
    path("most-read/", public_page(most_read.most_read_fragment), name="most_read"),
    path("views/<int:pk>/", view_counting.record_view, name="record_view"),
    # Not a cached page: its answer depends on the clock (the banner's end), see articles.reader.breaking.
    path("breaking.json", breaking.breaking_banner, name="breaking"),
    re_path(rf"^(?P<purpose>{PURPOSES})/$", public_page(pages.site_page), name="site_page"),
]
