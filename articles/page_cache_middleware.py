"""Cached reader pages answer first: at the WSGI door, else in the first middleware.

For an anonymous GET or HEAD (no session cookie) of a page that may be cached, one cache round trip
finds the stored page. A hit runs no SQL and none of sessions, auth, messages or CSRF:

* :class:`PageCacheApplication` wraps the WSGI application (``newsroom/wsgi.py``) and answers a plain
  GET (no conditional headers) straight from the environ, before Django builds a request;
* :class:`PageCacheMiddleware`, first in ``MIDDLEWARE``, answers the rest (HEAD, ``If-None-Match``,
  the test client, ASGI) the same way, with a 304 where the client's copy is current.

On a miss the request goes on; :func:`articles.caching.public_page` marks what it rendered and, on the
way out, the middleware stores it with the final headers (all the other middleware's, security headers
included) unless the response sets a cookie. Entries are keyed by scheme, host, path and query
(:func:`articles.page_store.request_address`), and only stored after Django validated the host and
answered 200, so neither door can serve a page to a host or scheme Django would refuse or redirect.
Anonymous reads use the read replica when one is configured (``articles.db_router``).
"""

from contextlib import nullcontext
from http import HTTPStatus
from urllib.parse import parse_qsl

from django.conf import settings
from django.http.cookie import parse_cookie

from articles import page_store
from articles.caching import PAGE_PARAMETERS, answer, page_cache_seconds
from articles.db_router import replica_configured, replica_reads


# Paths whose cached answers are served only after the view's own checks (the Content API's key);
# their views also say which query parameters make a page of their own (``public_page(parameters=…)``).
LOOKED_UP_IN_THE_VIEW = ("/api/",)
# Requests the WSGI door leaves to Django: validators to compare, preconditions to check.
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH",
                       "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_RANGE")


def anonymous(cookie_header):
    return not cookie_header or settings.SESSION_COOKIE_NAME not in parse_cookie(cookie_header)


def never_cached_path(path):
    return path.startswith((f"/{settings.STATIC_URL.lstrip('/')}", f"/{settings.MEDIA_URL.lstrip('/')}", "/admin/"))


def fetch_page(meta):
    """The stored page for this request's address (either variant), unless a scheduled story is due."""
    address = page_store.request_address(meta)
    entry = page_store.fetch_any([page_store.page_key(address),
                                  page_store.page_key(address, stale_while_revalidate=True)])
    return None if entry is None or entry.is_due() else entry


def reader_database():
    """Anonymous reads use the replica when there is one, except just after a change (replica lag)."""
    if replica_configured() and not page_store.cache_call("get", page_store.PRIMARY_UNTIL):
        return replica_reads()
    return nullcontext()


class PageCacheApplication:
    """WSGI wrapper: a plain anonymous GET of a cached page is answered from the environ alone."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        entry = self.hit(environ)
        if entry is None:
            return self.application(environ, start_response)
        headers = [*entry.headers.items(), ("Content-Length", str(len(entry.content))), ("X-Reader-Cache", "hit")]
        start_response(f"{entry.status} {HTTPStatus(entry.status).phrase}", headers)
        return [entry.content]

    @staticmethod
    def hit(environ):
        path = environ.get("PATH_INFO", "")
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or any(name in environ for name in CONDITIONAL_HEADERS)
            or not anonymous(environ.get("HTTP_COOKIE"))
            or never_cached_path(path)
            or path.startswith(LOOKED_UP_IN_THE_VIEW)
            or page_cache_seconds() <= 0
        ):
            return None
        query = environ.get("QUERY_STRING")
        if query and not {name for name, _ in parse_qsl(query, keep_blank_values=True)} <= PAGE_PARAMETERS:
            return None
        return fetch_page(environ)


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
            request.get_host()
        except Exception:  # a disallowed host: let the normal stack answer it
            return self.get_response(request)
        if request.path.startswith(LOOKED_UP_IN_THE_VIEW):
            request.page_cache_lookup_in_view = True  # the view checks its API key first, then the cache
        else:
            entry = fetch_page(request.META)
            if entry is not None:
                return answer(request, entry, "hit")
        request.page_cache_key = page_store.page_key(page_store.request_address(request.META))
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
            and not never_cached_path(request.path)
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
