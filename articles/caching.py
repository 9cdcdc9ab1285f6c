"""HTTP caching for reader pages: validators, ``Cache-Control`` and a per-page cache.

Every public page shares one *content stamp*: the later of the last change to
anything readers can see (bumped by ``articles.reader_signals`` whenever a story,
correction, credit, tag, section, author or image is saved or deleted) and the
newest publication time that has come (so a scheduled story appears on time with
no save at all). The stamp is the ``Last-Modified`` of every page and part of its
``ETag`` and cache key, so one bump makes every page fresh at once: nothing waits
for a timeout. The stamp and the pages live in Django's default cache, which is
Redis when ``REDIS_URL`` is set (shared by every worker process) and process-local
memory otherwise (fine for one process; use Redis with several).

Only views wrapped in :func:`public_page` are cached; admin and preview never are.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from articles.security.ratelimit import Breaker, warn_once_per_minute

logger = logging.getLogger(__name__)

STAMP_KEY = "reader:changed-at"
PAGE_KEY = "reader:page:{stamp}:{digest}"
CACHED_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Link", "X-Robots-Tag")
# Only these query parameters make a different page; others (tracking tags, junk) are not cached,
# so nobody can fill the cache by inventing addresses.
PAGE_PARAMETERS = {"page", "q", "p"}
CACHE_BREAKER = Breaker(seconds=5)  # after a cache failure, go without the cache for 5 s (this process)


def page_cache_seconds():
    """How long a rendered page is kept; 0 turns the per-page cache off."""
    return getattr(settings, "READER_PAGE_CACHE_SECONDS", 300)


def browser_max_age():
    """How long browsers and proxies may reuse a page without asking (kept short on purpose)."""
    return getattr(settings, "READER_MAX_AGE", 10)


def cache_call(method, *args, default=None):
    """A cache operation that never breaks a page or an editor's save: with the cache down
    (Redis unreachable), pages are served uncached and one warning a minute is logged."""
    if CACHE_BREAKER.is_open():
        return default
    try:
        return getattr(cache, method)(*args)
    except Exception as error:  # the backend's own connection errors, whatever the backend
        CACHE_BREAKER.trip()
        warn_once_per_minute(logger, "cache-unreachable", "Cache %s failed (%s: %s); serving without the page cache",
                             method, type(error).__name__, error)
        return default


def mark_changed():
    """Record that something readers can see changed now. Always strictly increases the stamp."""
    previous = cache_call("get", STAMP_KEY) or 0
    cache_call("set", STAMP_KEY, max(int(time.time()), previous + 1), None)


def content_stamp():
    """Unix seconds of the last change readers can see (see the module docstring)."""
    from articles.models import Article

    stamp = cache_call("get", STAMP_KEY)
    if stamp is None:
        # A cold (or unreachable) cache: we cannot know what changed, so assume now.
        stamp = int(time.time())
        cache_call("add", STAMP_KEY, stamp, None)
    latest = Article.objects.published().order_by("-publish_at").values_list("publish_at", flat=True).first()
    if latest is not None:
        stamp = max(stamp, int(latest.timestamp()) + 1)
    return stamp


def _set_validators(response, etag, stamp):
    if not response.has_header("Content-Language"):
        response["Content-Language"] = settings.LANGUAGE_CODE
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stamp)
    patch_cache_control(response, public=True, max_age=browser_max_age())
    return response


def public_page(view):
    """Wrap a reader view: 304 on a matching conditional GET, per-page cache, validators."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        stamp = content_stamp()
        path = request.get_full_path()
        digest = hashlib.sha256(f"{request.get_host()}{path}".encode()).hexdigest()[:32]
        etag = quote_etag(f"{stamp:x}-{digest[:16]}")
        not_modified = get_conditional_response(request, etag=etag, last_modified=stamp)
        if not_modified is not None:
            return _set_validators(not_modified, etag, stamp)
        key = PAGE_KEY.format(stamp=stamp, digest=digest)
        seconds = page_cache_seconds() if set(request.GET) <= PAGE_PARAMETERS else 0
        cached = cache_call("get", key) if seconds else None
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Reader-Cache"] = "hit"
            return _set_validators(response, etag, stamp)
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if seconds and not response.cookies:
            headers = {name: response[name] for name in CACHED_HEADERS if response.has_header(name)}
            cache_call("set", key, (response.content, headers), seconds)
        return _set_validators(response, etag, stamp)

    return wrapper
