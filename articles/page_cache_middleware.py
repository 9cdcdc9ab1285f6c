"""The first middleware: answer cached reader pages before anything else runs.

For an anonymous GET or HEAD (no session cookie) of a page that may be cached, one cache round trip
finds the stored page; a hit is answered at once, with no SQL and without sessions, auth, messages
or CSRF. On a miss the request goes on; :func:`articles.caching.public_page` marks what it rendered
and, on the way out, this middleware stores it with the final headers (those the other middleware
added) unless the response sets a cookie. Anonymous reads use the read replica when one is
configured (``articles.db_router``). Listed first in ``MIDDLEWARE``.
"""

from contextlib import nullcontext

from django.conf import settings

from articles import page_store
from articles.caching import PAGE_PARAMETERS, answer, page_cache_seconds
from articles.db_router import replica_configured, replica_reads


# Paths whose cached answers are served only after the view's own checks (the Content API's key);
# their views also say which query parameters make a page of their own (``public_page(parameters=…)``).
LOOKED_UP_IN_THE_VIEW = ("/api/",)


def reader_database():
    """Anonymous reads use the replica when there is one, except just after a change (replica lag)."""
    if replica_configured() and not page_store.cache_call("get", page_store.PRIMARY_UNTIL):
        return replica_reads()
    return nullcontext()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.anonymous_read(request):
            return self.get_response(request)
        if not self.eligible(request):
            with reader_database():
                return self.get_response(request)
        try:
            host, path = request.get_host(), request.get_full_path()
        except Exception:  # a disallowed host: let the normal stack answer it
            return self.get_response(request)
        key = page_store.page_key(host, path)
        if request.path.startswith(LOOKED_UP_IN_THE_VIEW):
            request.page_cache_lookup_in_view = True  # the view checks its API key first, then the cache
        else:
            entry = page_store.fetch_any([key, page_store.page_key(host, path, stale_while_revalidate=True)])
            if entry is not None and not entry.is_due():
                return answer(request, entry, "hit")
        request.page_cache_key = key
        with reader_database():
            response = self.get_response(request)
        self.store(request, response)
        return response

    @staticmethod
    def anonymous_read(request):
        return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES

    @staticmethod
    def eligible(request):
        return (
            page_cache_seconds() > 0
            and (set(request.GET) <= PAGE_PARAMETERS or request.path.startswith(LOOKED_UP_IN_THE_VIEW))
            and not request.path.startswith((f"/{settings.STATIC_URL.lstrip('/')}",
                                             f"/{settings.MEDIA_URL.lstrip('/')}", "/admin/"))
        )

    @staticmethod
    def store(request, response):
        pending = getattr(request, "page_to_store", None)
        key = getattr(request, "page_cache_key", None)
        if pending is None or key is None:
            return
        entry, seen = pending
        try:
            if response.cookies or response.status_code not in (200, 304):
                return
            for name, value in response.items():
                if name.lower() not in ("set-cookie", "content-length", "x-reader-cache"):
                    entry.headers.setdefault(name, value)
            page_store.store(key, entry, page_cache_seconds(), seen)
        finally:
            page_store.release_build_lock(key)
