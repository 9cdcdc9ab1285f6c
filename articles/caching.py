"""HTTP caching for reader pages: exact invalidation by surrogate keys, validators, a CDN purge hook.

Every cached page records the *keys* of what it shows (views call :func:`shows`):

==================  ==========================================================================
``site``            every page (the section menu, site notices): dropping it empties the cache
``story:<id>``      a story: its own page and every card, feed item or search hit showing it
``section:<id>``    a section's name and description; ``tag:<id>``, ``author:<id>`` likewise
``list:<kind>:<id>``  which stories a section/tag/author lists (``kind`` is section, tag, author)
``image:<id>``      a picture (lead images, body pictures, author photos)
``latest``          listings across all stories: home, archives, search, corrections
``feeds``           every feed and sitemap (rebuilt stale-while-revalidate)
``search``          every search results page (added to any change of a story, tag or author)
``tags``            every list of tags (the Content API's): any tag renamed, deleted or re-flagged
``authors``         every list of authors (the Content API's): any author renamed or deleted
``most-read``       pages with the most-read list (``articles.reader.most_read``: dropped when it changes)
==================  ==========================================================================

A change calls :func:`pages_changed` with the keys it touches (:func:`story_keys` computes a
story's), which drops exactly the pages showing them (``articles.page_store``) and hands the keys
to the CDN purge hook (``READER_PURGE_HOOK``, a dotted path to a callable taking a set of keys).
Responses carry the keys in ``Surrogate-Key`` (space-separated) and ``Cache-Tag`` (commas), so
a CDN can be purged by the same keys.

Scheduled stories: a page is never kept past the next scheduled publication time (stored in the
cache as ``reader:next-due``, read from the database when missing or passed); the clock decides.

Hits are answered by ``articles.page_cache_middleware``: under WSGI before Django builds a request,
otherwise by the first middleware, before sessions, auth and CSRF run.
Only views wrapped in :func:`public_page` are cached; admin and preview never are. A view takes only
the query parameters it names (``PAGE_PARAMETERS`` for reader pages); a view that finds it cannot say
what its page depends on calls :func:`not_cached`.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date, quote_etag
from django.utils.module_loading import import_string

from articles import page_store
from articles.page_store import cache_call


logger = logging.getLogger(__name__)

# Only these query parameters make a different page; others (tracking tags, junk) are not cached,
# so nobody can fill the cache by inventing addresses.
PAGE_PARAMETERS = {"page", "q", "p"}
NOT_STORED_HEADERS = {"set-cookie", "x-reader-cache"}
EVERYTHING = "site"
SEARCHED_KEYS = ("story:", "tag:", "author:", "list:")


def page_cache_seconds():
    """How long a rendered page is kept; 0 turns the per-page cache off."""
    return getattr(settings, "READER_PAGE_CACHE_SECONDS", 300)


def browser_max_age():
    """How long browsers and proxies may reuse a page without asking (kept short on purpose)."""
    return getattr(settings, "READER_MAX_AGE", 10)


def shows(request, *keys):
    """Declare that the page being rendered for ``request`` shows ``keys``."""
    if hasattr(request, "page_keys"):
        request.page_keys.update(key for key in keys if key)


def not_cached(request):
    """The page being rendered for ``request`` is answered but not kept (its keys cannot be known)."""
    request.page_cacheable = False


def shows_stories(request, stories):
    """Declare the stories of a listing, their lead pictures, and the names on their cards: the keys
    stored with a story's parts (``articles.reader.parts``), else read from its prefetched credits."""
    from articles.reader.parts import ASK, StoredCards, loaded, usable_fingerprint

    usable = ASK  # read once, and only for a story that is not its stored cards
    for story in stories:
        if isinstance(story, StoredCards):
            shows(request, *story.card_keys)
            continue
        if usable is ASK:
            usable = usable_fingerprint()
        parts = loaded(story, usable)
        if parts is not None:
            shows(request, *parts.card_key_list())
            continue
        shows(request, f"story:{story.pk}", story.lead_image_id and f"image:{story.lead_image_id}",
              story.section_id and f"section:{story.section_id}")
        shows(request, *(f"author:{credit.author_id}" for credit in story.credits.all()))


def story_change_keys(before, after):
    """The keys a save of a story touches. A live story edited in place (same section and time)
    changes only its own pages and the feeds; going live, leaving, moving or re-timing a story also
    changes the listings it belongs to (before and after)."""
    in_place = (
        before is not None
        and before.status == after.status == "published"
        and before.section_id == after.section_id
        and before.publish_at == after.publish_at
    )
    if in_place:
        return {f"story:{after.pk}", "feeds"}
    keys = story_keys(after)
    if before is not None and before.section_id:
        keys.add(f"list:section:{before.section_id}")
    return keys


def story_keys(article, *, tag_ids=None, author_ids=None):
    """The keys of everything that shows ``article`` or would list it: the story, its section, tags,
    authors and pictures, the listings it belongs to, the feeds and sitemaps.
    ``tag_ids``/``author_ids`` replace a database read when the caller already knows them."""
    from articles.models import ArticleAuthor, TaggedArticle

    if tag_ids is None:
        tag_ids = TaggedArticle.objects.filter(content_object_id=article.pk).values_list("tag_id", flat=True)
    if author_ids is None:
        author_ids = ArticleAuthor.objects.filter(article_id=article.pk).values_list("author_id", flat=True)
    keys = {f"story:{article.pk}", "latest", "feeds"}
    if article.section_id:
        keys |= {f"list:section:{article.section_id}"}
    keys |= {f"list:tag:{pk}" for pk in tag_ids}
    keys |= {f"list:author:{pk}" for pk in author_ids}
    if article.lead_image_id:
        keys.add(f"image:{article.lead_image_id}")
    return keys


def pages_changed(keys):
    """THE entry point for reader effects: drop the cached pages showing ``keys`` now and again
    when the current transaction commits, forget the next due time (schedules may have moved) and
    the section menu, and tell the CDN. Safe inside or outside a transaction."""
    keys = set(keys)
    if not keys:
        return
    if any(key.startswith(SEARCHED_KEYS) for key in keys):
        keys.add("search")  # any change to a story's words, tags or names may change any search
    _drop(keys)
    transaction.on_commit(lambda: _drop(keys, purge=True))


def everything_changed():
    """After bulk changes that bypass saves (e.g. ``rebuild_search_documents``)."""
    pages_changed({EVERYTHING})


def _drop(keys, purge=False):
    page_store.invalidate(keys)
    cache_call("delete_many", [page_store.NEXT_DUE, page_store.MENU_KEY])
    lag = getattr(settings, "READER_REPLICA_LAG_SECONDS", 0)
    if purge and lag and "replica" in settings.DATABASES:
        cache_call("set", page_store.PRIMARY_UNTIL, True, lag)
    hook = getattr(settings, "READER_PURGE_HOOK", "")
    if purge and hook:
        try:
            import_string(hook)(frozenset(keys))
        except Exception:
            logger.warning("CDN purge hook %s failed for %s", hook, sorted(keys), exc_info=True)


def next_due():
    """Unix time of the next scheduled publication (0 when none), cached until it passes."""
    due = cache_call("get", page_store.NEXT_DUE)
    now = time.time()
    if due is None or (due and due <= now):
        from articles.models import Article

        upcoming = Article.objects.scheduled().order_by("publish_at").values_list("publish_at", flat=True).first()
        due = upcoming.timestamp() if upcoming else 0
        cache_call("set", page_store.NEXT_DUE, due, None)
    return due


def cacheable(request, parameters=PAGE_PARAMETERS):
    return (
        request.method in ("GET", "HEAD")
        and page_cache_seconds() > 0
        and set(request.GET) <= parameters
        and getattr(request, "page_cache_key", None) is not None
    )


def finish(request, response, keys):
    """Validators, ``Cache-Control`` and surrogate keys on a reader page's response."""
    if not response.has_header("Content-Language"):
        response["Content-Language"] = settings.LANGUAGE_CODE
    if "ETag" not in response:
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:20])
    if "Last-Modified" not in response:
        response["Last-Modified"] = http_date(time.time())
    response["Surrogate-Key"] = " ".join(sorted(keys))
    response["Cache-Tag"] = ",".join(sorted(keys))
    patch_cache_control(response, public=True, max_age=browser_max_age())
    return response


def entry_for(response, keys, due):
    headers = {name: value for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS}
    return page_store.PageEntry(response.content, headers, response.status_code, due, frozenset(keys))


def answer(request, entry, how):
    """A response from a stored entry (or a 304 when the client's copy is current)."""
    from django.http import HttpResponse

    not_modified = conditional(request, entry.headers)
    response = not_modified or HttpResponse(entry.content, status=entry.status)
    for name, value in entry.headers.items():
        if not_modified is None or name.lower() != "content-type":
            response[name] = value
    response["Content-Length"] = str(len(response.content))
    response["X-Reader-Cache"] = how
    return response


def conditional(request, headers):
    """A 304 when the request's validators match ``headers`` (ETag, Last-Modified), else None."""
    last_modified = headers.get("Last-Modified")
    return get_conditional_response(
        request, etag=headers.get("ETag"), last_modified=parse_http_date(last_modified) if last_modified else None
    )


def public_page(view, keys=(), stale_while_revalidate=False, parameters=PAGE_PARAMETERS):
    """Wrap a reader view: validators and surrogate keys always; page cache with single flight for
    anonymous GETs marked by the middleware whose query parameters are all among ``parameters``."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        request.page_keys = {EVERYTHING, *keys}
        use_cache = cacheable(request, parameters)
        if use_cache:
            key = page_store.page_key(page_store.request_address(request.META), stale_while_revalidate)
            if getattr(request, "page_cache_lookup_in_view", False):
                entry = page_store.fetch_any([key])
                if entry is not None and not entry.is_due():
                    return answer(request, entry, "hit")
            request.page_cache_key = key
            waited = build_or_wait(request, key, stale_while_revalidate)
            if waited is not None:
                return waited
        seen = page_store.sequence() if use_cache else 0
        due = next_due() if use_cache else 0
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        except BaseException:
            if use_cache:
                page_store.release_build_lock(request.page_cache_key)
            raise
        if response.status_code != 200 or getattr(response, "streaming", False):
            if use_cache:
                page_store.release_build_lock(request.page_cache_key)
            return response
        finish(request, response, request.page_keys)
        if use_cache and getattr(request, "page_cacheable", True):
            request.page_to_store = (entry_for(response, request.page_keys, due), seen)
        elif use_cache:
            page_store.release_build_lock(request.page_cache_key)
        return conditional(request, response) or response

    return wrapper


def build_or_wait(request, key, stale_while_revalidate):
    """None when this request should render the page; otherwise the answer from another render."""
    if page_store.take_build_lock(key):
        return None
    if stale_while_revalidate:
        stale = page_store.fetch_stale(key)
        if stale is not None:
            request.page_cache_key = None
            return answer(request, stale, "stale")
    entry = page_store.wait_for(key)
    if entry is None:
        return None
    request.page_cache_key = None  # already stored by the other render
    return answer(request, entry, "hit")
