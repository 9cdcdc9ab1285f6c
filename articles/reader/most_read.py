"""Most read: the list of the live stories with the most counted views, rendered into the page.

The list is the same for every reader, so it is part of the cached page (no script needed). It is
kept in the cache (``LIST_KEY``) and every page showing it carries the surrogate key ``most-read``.
One rule keeps cached pages honest: *cached pages show exactly the list under ``LIST_KEY``*, so
whenever that list is replaced by a different one, the pages keyed ``most-read`` are dropped:

* on a schedule: after a counted view (``articles.reader.view_counting``), at most once every
  ``READER_MOST_READ_SECONDS`` (default 300), the list is computed again; pages are dropped only
  if it changed. A page view never drops pages;
* when a listed story stops being live (``articles.reader_effects.story_changed``): it leaves the list
  at once, so the list never names a story ``published()`` would not return (and for two refresh
  periods no list computed meanwhile may bring it back).

The list is kept without an expiry time, so it is missing only when the cache is new or was emptied
(and the pages with it), or evicted it: it is read by every page render, so an LRU policy evicts the
pages first, and a ``volatile-*`` policy never evicts it.

Counts: :mod:`articles.reader.view_counting`.
"""

from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.caching import pages_changed, shows
from articles.models import Article
from articles.page_store import NOT_READ, cache_call
from articles.reader.jinja import render

SURROGATE_KEY = "most-read"
LIST_KEY = "reader:most-read"
REFRESH_LOCK = "reader:most-read:refreshed"
WINDOW = timedelta(days=2)
LIST_LENGTH = 5
# What an entry needs: its headline, its address (slug and filing date) and whether it is a running live blog.
LISTED_FIELDS = ("headline", "slug", "status", "publish_at", "first_published_at", "created_at",
                 "live_coverage__started_at", "live_coverage__ended_at")


def refresh_seconds():
    """How often counted views may change the list (``READER_MOST_READ_SECONDS``)."""
    return int(getattr(settings, "READER_MOST_READ_SECONDS", 300))


def most_read(limit=LIST_LENGTH, now=None):
    """Live stories with the most views in the last two days, in one query. The filter comes before the
    sum, so it is an inner join on the recent counts only, not a scan of every live story."""
    since = timezone.localdate(now or timezone.now()) - WINDOW
    return (
        Article.objects.published()
        .filter(view_counts__day__gt=since, view_counts__views__gt=0)
        .select_related("live_coverage")
        .only(*LISTED_FIELDS)
        .annotate(recent_views=Sum("view_counts__views"))
        .order_by("-recent_views", "-publish_at", "-pk")[:limit]
    )


def entries(stories):
    """What the list shows of each story, as plain data for the cache."""
    return [{"pk": story.pk, "headline": story.headline, "url": story.get_absolute_url(),
             "live": story.live_blog_running} for story in stories]


def left_key(story_id):
    return f"reader:most-read:left:{story_id}"


def without_departed(listed):
    """``listed`` less the stories that left readers lately: a list computed just before a story was
    unpublished, but stored just after, must not bring it back."""
    departed = cache_call("get_many", [left_key(entry["pk"]) for entry in listed], default={}) or {}
    return [entry for entry in listed if left_key(entry["pk"]) not in departed]


def replace_list(new):
    """Make ``new`` the list; if it differs from the one cached pages show, drop those pages."""
    new = without_departed(new)
    if new != cache_call("get", LIST_KEY):
        pages_changed({SURROGATE_KEY})
    cache_call("set", LIST_KEY, new, None)
    return new


def current_list(cached=NOT_READ):
    """The list pages show: from the cache, or computed (one query) and kept when it is missing.
    ``cached``: what the caller already read of the cache (None: nothing there)."""
    if cached is NOT_READ:
        cached = cache_call("get", LIST_KEY)
    if cached is None:
        cached = without_departed(entries(most_read()))
        cache_call("set", LIST_KEY, cached, None)
    return cached


def refresh_when_due():
    """Compute the list again if the last time was ``refresh_seconds()`` ago or more (one process wins)."""
    if cache_call("add", REFRESH_LOCK, True, refresh_seconds()):
        replace_list(entries(most_read()))


def story_left_readers(story_id):
    """A story stopped being live: take it off the list (and the pages showing it) at once."""
    cache_call("set", left_key(story_id), True, 2 * refresh_seconds())
    cached = cache_call("get", LIST_KEY)
    if cached is None:
        pages_changed({SURROGATE_KEY})  # unknown what cached pages show: drop them
    elif any(entry["pk"] == story_id for entry in cached):
        replace_list([entry for entry in cached if entry["pk"] != story_id])


def show_list(request, cached=NOT_READ):
    """The list for a page being rendered, which is then keyed ``most-read``; ``cached``: as for
    ``current_list``."""
    shows(request, SURROGATE_KEY)
    return current_list(cached)


def block(request, element="section", beacon=None, cached=NOT_READ):
    """The list in the ``element`` pages show it in; a story page's ``beacon`` (``{"url", "token"}``:
    ``articles.reader.view_counting``) goes on that element, which is then there, hidden, even when
    the list is empty."""
    listed = show_list(request, cached)
    if not listed and beacon is None:
        return ""
    attributes = ' class="most-read most-read-story"' if element == "aside" else ' class="most-read"'
    attributes += ' aria-labelledby="most-read-heading"' if listed else " hidden"
    if beacon is not None:
        attributes += format_html(' data-view-beacon="{}" data-view-token="{}"', beacon["url"], beacon["token"])
    inner = ""
    if listed:
        entries = tuple((entry["headline"], entry["url"], entry["live"]) for entry in listed)
        # with DEBUG, rendered afresh every time, while templates are being edited (as the layout's parts)
        inner = list_html.__wrapped__(entries) if settings.DEBUG else list_html(entries)
    return mark_safe(f"<{element}{attributes}>{inner}\n</{element}>")


@lru_cache(maxsize=16)
def list_html(listed):
    """The heading and list of ``listed`` (headline, address, live) entries
    (``templates/jinja2/articles/most_read.html``), rendered once per process for each list: every page
    shows the same one until it is replaced."""
    return render("articles/most_read.html", {"most_read": [dict(zip(("headline", "url", "live"), entry))
                                                            for entry in listed]})


def most_read_fragment(request):
    """The list alone (``/most-read/``), cached like every page, for scripts that want to refresh it."""
    return HttpResponse(block(request))
