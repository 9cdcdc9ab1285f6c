"""Most read: anonymous view counts and the list built from them.

A story page's script sends one beacon (``POST /views/<id>/``) after the page has loaded, off the
critical path; the endpoint adds one to that story's count for the day. Nothing about the reader is
kept: no cookie, no address, no user agent. Known bots (by user agent) and prefetches are not counted,
nor are stories that are not live. The list (``/most-read/``) is a small public fragment that the home
and story pages fetch; it is cached like every page (refreshed within ``READER_PAGE_CACHE_SECONDS``, at
once when a story goes or comes) and lists only ``published()`` stories.
"""

import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from articles.caching import shows
from articles.models import Article, StoryViews

BOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|headless|lighthouse|curl|wget|"
    r"python-|httpclient|java/|go-http|libwww|scrapy|feedfetcher|monitor",
    re.IGNORECASE,
)
WINDOW = timedelta(days=2)
LIST_LENGTH = 5


def is_bot(request):
    agent = request.headers.get("User-Agent", "")
    prefetch = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return not agent or bool(BOTS.search(agent)) or "prefetch" in prefetch


def count_view(article_id, day=None):
    """Add one view of the story today, with one UPDATE (an INSERT the first time that day)."""
    day = day or timezone.localdate()
    if StoryViews.objects.filter(article_id=article_id, day=day).update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            StoryViews.objects.create(article_id=article_id, day=day, views=1)
    except IntegrityError:  # another request created today's row first
        StoryViews.objects.filter(article_id=article_id, day=day).update(views=F("views") + 1)


@csrf_exempt  # a cookie-less beacon from a cached page: there is no session to forge, only a counter
def record_view(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not is_bot(request) and Article.objects.published().filter(pk=pk).exists():
        count_view(pk)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def most_read(limit=LIST_LENGTH, now=None):
    """Live stories with the most views in the last two days, in one query."""
    since = timezone.localdate(now or timezone.now()) - WINDOW
    return (
        Article.objects.published()
        .annotate(recent_views=Sum("view_counts__views", filter=Q(view_counts__day__gt=since)))
        .filter(recent_views__gt=0)
        .order_by("-recent_views", "-publish_at", "-pk")[:limit]
    )


def most_read_fragment(request):
    stories = list(most_read())
    # The list is dropped from the cache the moment one of its stories changes or stops being live,
    # and a new story joins it within the page-cache time (READER_PAGE_CACHE_SECONDS).
    shows(request, *(f"story:{story.pk}" for story in stories))
    return render(request, "articles/_most_read.html", {"most_read": stories})
