"""Live blogs for readers: the updates on the story page, the fragment the page polls, the story's feed.

The fragment (``/live/<id>/updates/``) is a public page like any other: cached under the content
stamp, so a new update (which bumps the stamp) is visible at the next poll, and a story that stops
being live is a 404 there too.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from articles.caching import shows
from articles.models import Article, LiveCoverage
from articles.templatetags.reader import absolute_url

MAX_UPDATES_SHOWN = 200


def poll_seconds():
    """How often an open live page asks for new updates (``LIVE_BLOG_POLL_SECONDS``, default 30)."""
    return int(getattr(settings, "LIVE_BLOG_POLL_SECONDS", 30))


def coverage_of(article):
    """The story's ``LiveCoverage`` or ``None`` (select it with the story to spare a query)."""
    try:
        return article.live_coverage
    except LiveCoverage.DoesNotExist:
        return None


def live_blog_context(article):
    """What the story template needs to show a live blog; nothing for an ordinary story."""
    coverage = coverage_of(article)
    if coverage is None:
        return {}
    updates = list(article.live_updates.select_related(None)[:MAX_UPDATES_SHOWN])
    return {
        "live": {
            "coverage": coverage,
            "running": coverage.is_running,
            "updates": updates,
            "key_events": [update for update in updates if update.key_event],
            "fragment_url": reverse("articles:live_updates", args=[article.pk]),
            "feed_url": reverse("articles:live_rss", args=[article.pk]),
            "poll_seconds": poll_seconds(),
        }
    }


def live_blog(pk):
    """A live story that is (or was) a live blog, or 404."""
    article = Article.objects.published().select_related("live_coverage").filter(pk=pk).first()
    if article is None or coverage_of(article) is None:
        raise Http404("No live blog here")
    return article


def live_updates_fragment(request, pk):
    """Just the list of updates, for the page's script to swap in without a reload."""
    article = live_blog(pk)
    shows(request, f"story:{article.pk}")
    context = live_blog_context(article)
    return render(request, "articles/_live_updates.html", {"article": article, **context})


class LiveBlogFeed(Feed):
    """RSS of one live blog: each update is an item, newest first, linked to its anchor on the story."""

    def get_object(self, request, pk):
        shows(request, f"story:{pk}", "feeds")
        return live_blog(pk)

    def title(self, obj):
        return f"{obj.headline}: live updates"

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def description(self, obj):
        return obj.description

    def items(self, obj):
        return obj.live_updates.order_by("-published_at", "-pk")[:MAX_UPDATES_SHOWN]

    def item_title(self, item):
        return item.headline or f"Update at {timezone.localtime(item.published_at):%H:%M}"

    def item_description(self, item):
        return item.body

    def item_link(self, item):
        return absolute_url(f"{item.article.get_absolute_url()}#{item.anchor}")

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.published_at
