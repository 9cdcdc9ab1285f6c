"""Where rendered reader pages live in the shared cache, and how they are found and dropped.

* A page entry (``reader:page:…``) holds everything needed to answer without Django's views: the
  body, the final headers, its ETag and time, the keys it shows and the time it falls due.
* For every key, an *index set* (``reader:shows:<key>``) lists the pages showing it. Invalidating
  keys deletes exactly those pages (a Redis ``SADD``/``SMEMBERS`` set; a locked list otherwise).
* Invalidation also stamps each key with a sequence number (``reader:dropped:<key>``). A page
  rendered while its keys were being invalidated sees the stamp when it is stored and is dropped
  again, so a slow render never puts old content back.
* Pages of feeds and sitemaps are kept aside as *stale* copies when invalidated: while one process
  rebuilds them, the others serve the stale copy (stale-while-revalidate).
* A per-page build lock makes concurrent misses wait for one render (single flight).

Every operation goes through :func:`cache_call`: with the cache unreachable, pages are served
uncached and saves still work.
"""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache

from articles.security.ratelimit import Breaker, warn_once_per_minute

logger = logging.getLogger("articles.caching")  # one name for every page-cache message

SEQUENCE = "reader:sequence"
NEXT_DUE = "reader:next-due"
PRIMARY_UNTIL = "reader:primary-until"  # readers use the primary while a replica may lag a change
NOT_READ = object()  # a cached value its caller has not read yet (most_read.current_list, layout.menu_sections)
MENU_KEY = "reader:menu-links"  # the section menu (articles.reader.layout.menu_sections); a new name when its form changes
BUILD_LOCK_SECONDS = 30
DROPPED_SECONDS = 10 * BUILD_LOCK_SECONDS  # longer than any render that could store old content
STALE_SECONDS = 24 * 3600  # how long an invalidated feed or sitemap may still stand in while rebuilt
_local_lock = threading.Lock()


@dataclass
class PageEntry:
    content: bytes
    headers: dict
    status: int = 200
    due: float = 0.0  # unix time a scheduled story changes this page; 0 when none is scheduled
    keys: frozenset = field(default_factory=frozenset)

    def is_due(self, now=None):
        return bool(self.due) and (now or time.time()) >= self.due


CACHE_BREAKER = Breaker(seconds=5)  # after a cache failure, go without the cache for 5 s (this process)


def cache_call(method, *args, default=None, **kwargs):
    """A cache operation that never breaks a page or an editor's save: with the cache down
    (Redis unreachable), pages are served uncached and one warning a minute is logged."""
    if CACHE_BREAKER.is_open():
        return default
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception as error:  # the backend's own connection errors, whatever the backend
        cache_failed(f"Cache {method} failed", error)
        return default


def cache_failed(what, error):
    """Leave the cache alone for a few seconds and say so, once a minute, without a traceback."""
    CACHE_BREAKER.trip()
    warn_once_per_minute(logger, "cache-unreachable", "%s (%s: %s); serving without the page cache",
                         what, type(error).__name__, error)


def request_address(meta):
    """The address a page is cached under, from the raw WSGI environ (``request.META``): scheme, host,
    path and query string exactly as sent. The WSGI fast path and the middleware
    (``articles.page_cache_middleware``) read the same values, so they find the same entries; an
    entry is only ever stored after Django has validated the host."""
    scheme = request_scheme(meta)
    host = (settings.USE_X_FORWARDED_HOST and meta.get("HTTP_X_FORWARDED_HOST")) or meta.get("HTTP_HOST")
    if not host:  # as Django's request.get_host(): the server's name, with its port when not the default
        host, port = meta.get("SERVER_NAME", ""), str(meta.get("SERVER_PORT", ""))
        host += "" if port == ("443" if scheme == "https" else "80") else f":{port}"
    path = f"{meta.get('SCRIPT_NAME', '')}{meta.get('PATH_INFO', '')}"
    return f"{scheme}://{host}{path}?{meta.get('QUERY_STRING', '')}"


def request_scheme(meta):
    """``request.scheme`` from the environ alone (``SECURE_PROXY_SSL_HEADER`` as Django reads it)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = meta.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return meta.get("wsgi.url_scheme", "http")


def page_key(address, stale_while_revalidate=False):
    """The cache key of the page at ``address`` (:func:`request_address`)."""
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"reader:page:{'swr' if stale_while_revalidate else 'std'}:{digest}"


def stale_key(key):
    return key.replace("reader:page:", "reader:stale:", 1)


def index_key(key):
    return f"reader:shows:{key}"


def dropped_key(key):
    return f"reader:dropped:{key}"


def lock_key(key):
    return key.replace("reader:page:", "reader:building:", 1)


def fetch(key):
    """The page entry under ``key``, or None: one cache round trip."""
    entry = cache_call("get", key)
    return entry if isinstance(entry, PageEntry) else None


def fetch_any(keys):
    """The first entry found under ``keys``, in one cache round trip."""
    found = cache_call("get_many", keys, default={}) or {}
    for key in keys:
        if isinstance(found.get(key), PageEntry):
            return found[key]
    return None


def sequence():
    return cache_call("get", SEQUENCE) or 0


def store(key, entry, seconds, seen_sequence):
    """Keep ``entry`` for ``seconds`` and list it under each of its keys; drop it again if one of its
    keys was invalidated after ``seen_sequence`` (read before the page was rendered)."""
    if entry.due:
        seconds = max(1, min(seconds, int(entry.due - time.time()) + 1))
    cache_call("set", key, entry, seconds)
    if entry.keys:
        _add_to_indexes(key, entry.keys, seconds)
        if dropped_since(entry.keys, seen_sequence):
            cache_call("delete", key)


def dropped_since(keys, seen_sequence):
    """Whether any of ``keys`` was invalidated after ``seen_sequence`` (:func:`sequence`, read before
    rendering what shows them): what was rendered may be older than the change."""
    dropped = cache_call("get_many", [dropped_key(k) for k in keys], default={}) or {}
    return any(value > seen_sequence for value in dropped.values())


def _redis_client():
    if isinstance(cache, RedisCache):
        return cache._cache.get_client(write=True)
    return None


def _add_to_indexes(key, keys, seconds):
    keep = seconds + 60
    try:
        client = _redis_client()
        if client is not None:
            pipe = client.pipeline(transaction=False)
            for name in keys:
                full = cache.make_and_validate_key(index_key(name))
                pipe.sadd(full, key)
                pipe.expire(full, keep, gt=True)
                pipe.expire(full, keep, nx=True)
            pipe.execute()
            return
        with _local_lock:
            names = [index_key(name) for name in keys]
            current = cache.get_many(names)
            cache.set_many({name: current.get(name, frozenset()) | {key} for name in names}, keep)
    except Exception as error:
        cache_failed("Cache index update failed; dropping the page", error)
        cache_call("delete", key)


def _pages_showing(keys):
    client = _redis_client()
    if client is not None:
        pipe = client.pipeline(transaction=False)
        for name in keys:
            pipe.smembers(cache.make_and_validate_key(index_key(name)))
        return {member.decode() for members in pipe.execute() for member in members}
    with _local_lock:
        found = cache.get_many([index_key(name) for name in keys])
        return set().union(*found.values()) if found else set()


def invalidate(keys):
    """Drop every cached page showing any of ``keys``. Returns how many were listed."""
    keys = set(keys)
    if not keys:
        return 0
    try:
        cache.add(SEQUENCE, 0, timeout=None)
        number = cache.incr(SEQUENCE)
        cache.set_many({dropped_key(name): number for name in keys}, timeout=DROPPED_SECONDS)
        pages = _pages_showing(keys)
        keep_stale = [page for page in pages if page.startswith("reader:page:swr:")]
        if keep_stale:
            entries = cache.get_many(keep_stale)
            cache.set_many({stale_key(page): entry for page, entry in entries.items()}, timeout=STALE_SECONDS)
        cache.delete_many([*pages, *(index_key(name) for name in keys)])
        return len(pages)
    except Exception as error:
        cache_failed(f"Cache invalidation failed for {sorted(keys)}", error)
        return 0


def take_build_lock(key):
    """True for the one request that should render ``key`` now (single flight)."""
    return bool(cache_call("add", lock_key(key), 1, BUILD_LOCK_SECONDS, default=True))


def release_build_lock(key):
    cache_call("delete", lock_key(key))


def wait_for(key, seconds=5.0, step=0.02):
    """Wait for another process to store ``key``; its entry, or None when it did not in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(step)
        entry = fetch(key)
        if entry is not None:
            return entry
        if cache_call("get", lock_key(key)) is None:
            return None  # the builder gave up (an error or a page that is not cached)
    return None


def fetch_stale(key):
    entry = cache_call("get", stale_key(key))
    return entry if isinstance(entry, PageEntry) else None
