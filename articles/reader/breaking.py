"""The breaking-news banner, shown above every page without touching the page cache.

Pages carry only an empty placeholder; ``reader.js`` fetches ``/breaking.json`` (``max-age`` 30 s) and
shows the banner, and hides it at its end time. The JSON is cached server-side for a minute and dropped
when a flag changes or a story stops being live (``articles.reader_effects.story_changed``), and every
answer checks the end time against the clock, so a banner disappears at its expiry with no cache flush.
"""

from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.page_store import cache_call
from articles.models import BreakingNews

BREAKING_KEY = "reader:breaking"
SERVER_SECONDS = 60
BROWSER_SECONDS = 30


def current_flag():
    """``{"label", "headline", "url", "ends_at"}`` of the banner in force (maybe expired since), or ``{}``."""
    flag = BreakingNews.objects.showing().select_related("article").order_by("-starts_at", "-pk").first()
    if flag is None:
        return {}
    return {"label": flag.label, "headline": flag.article.headline, "url": flag.article.get_absolute_url(),
            "ends_at": flag.ends_at.isoformat()}


def breaking_changed():
    """A flag was set or lifted: the next request reads it afresh (browsers within ``BROWSER_SECONDS``)."""
    cache_call("delete", BREAKING_KEY)


def breaking_banner(request):
    data = cache_call("get", BREAKING_KEY)
    if data is None:
        data = current_flag()
        cache_call("set", BREAKING_KEY, data, SERVER_SECONDS)
    if data and parse_datetime(data["ends_at"]) <= timezone.now():
        data = {}
    response = JsonResponse(data)
    response["Cache-Control"] = f"public, max-age={BROWSER_SECONDS}"
    return response


