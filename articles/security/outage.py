"""What a request gets while the database is restarting, dropping connections or refusing them.

Django turns any exception into a 500 inside each middleware layer, so :class:`DatabaseOutageMiddleware`
learns of the failure from ``got_request_exception`` (the request is marked with the error) and
then decides the answer:

- **GET and HEAD** (readers and editors alike) are tried once more on a fresh connection: safe,
  since they change nothing. If that fails too, an anonymous reader gets the page cache's copy
  when it has one, even an expired one; otherwise everyone gets **503 with Retry-After** and the
  small page ``templates/503.html``, rendered without the request (no context processor, no query).
- **Other methods** (an editor's save) are never retried. When no write committed during the
  request, the answer is 503 "not saved, send it again" (a new story's form token makes a resent
  create safe). When something did commit, the answer is a 200 page saying it was saved: a save
  never answers an error after it committed (the reader effects after the commit are robust
  already, ``articles.reader_effects.after_commit``).

Each case logs one warning a minute per process instead of one traceback per request
(``outage_errors.HideOutageTracebacks`` drops ``django.request``'s tracebacks for these errors).
Which errors count is ``outage_errors.is_outage``.
"""

import logging
import sys
from contextlib import ExitStack

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections, transaction
from django.http import HttpResponse, JsonResponse
from django.template import loader

from articles import page_store
from articles.caching import answer
from articles.security.outage_errors import is_outage
from articles.security.ratelimit import warn_once_per_minute

logger = logging.getLogger("newsroom.database")

SAFE_METHODS = ("GET", "HEAD")
READ_STATEMENTS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET", "SHOW", "BEGIN", "COMMIT", "EXPLAIN")


def retry_after_seconds():
    return max(1, int(getattr(settings, "DATABASE_RETRY_AFTER_SECONDS", 5)))


def mark_outage(sender, request=None, **kwargs):
    """``got_request_exception`` receiver: note a database outage on the request being answered."""
    error = sys.exc_info()[1]
    if request is not None and is_outage(error):
        request.database_outage = error


got_request_exception.connect(mark_outage, dispatch_uid="newsroom-database-outage")


def drop_broken_connections():
    """Close this thread's connections that no longer answer, so the next query opens a new one.
    Healthy connections are left alone (a test's transaction lives on one)."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.is_usable():
            connection.close()


class CommitTracker:
    """A database execute wrapper that learns whether a write committed during the request (at
    once outside a transaction, or when the enclosing transaction commits) and notes an outage
    error even when the code that met it turned it into something else (Django's database
    sessions answer 400 when their save fails)."""

    def __init__(self):
        self.committed = False
        self.outage = None
        self.waiting_on = set()

    def __call__(self, execute, sql, params, many, context):
        try:
            result = execute(sql, params, many, context)
        except (OperationalError, InterfaceError) as error:
            if is_outage(error):
                self.outage = error
            raise
        if not sql.lstrip().upper().startswith(READ_STATEMENTS):
            connection = context["connection"]
            if not connection.in_atomic_block:
                self.committed = True
            elif connection.alias not in self.waiting_on:
                self.waiting_on.add(connection.alias)
                transaction.on_commit(lambda: self.on_commit(connection.alias), using=connection.alias, robust=True)
        return result

    def on_commit(self, alias):
        self.committed = True
        self.waiting_on.discard(alias)


API_MESSAGES = {
    "read": "The database is restarting; try again shortly.",
    "not_saved": "The database did not answer; nothing was saved. Send the request again.",
    "saved": "Saved, but the database stopped answering before the answer was ready.",
}


def outage_page(request, kind, status):
    """The self-contained page for ``kind`` ("read", "not_saved" or "saved"); JSON for the Content API."""
    retry_after = retry_after_seconds()
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": API_MESSAGES[kind]}, status=status)
    else:
        response = HttpResponse(loader.render_to_string("503.html", {
            "kind": kind, "retry_after": retry_after, "SITE_NAME": settings.SITE_NAME,
            "path": request.path if request.method in SAFE_METHODS else "",
        }), status=status)
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = str(retry_after)
    return response


def cached_copy(request):
    """The page cache's copy of an anonymous reader's page, expired or kept aside, or None."""
    key = getattr(request, "page_cache_key", None)
    if key is None:
        return None
    swr = key.replace("reader:page:std:", "reader:page:swr:", 1)
    return page_store.fetch_any([key, swr, page_store.stale_key(key), page_store.stale_key(swr)])


class DatabaseOutageMiddleware:
    """See the module docstring. Sits just inside the security headers (and the page cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.read(request)
        return self.write(request)

    def attempt(self, request):
        """The rest of the stack, with an outage noted on ``request.database_outage``."""
        request.database_outage = None
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as error:  # raised by the 500 handler itself
            if not is_outage(error):
                raise
            request.database_outage = error
            return None

    def read(self, request):
        response = self.attempt(request)
        if request.database_outage is None:
            return response
        drop_broken_connections()
        response = self.attempt(request)
        if request.database_outage is None:
            return response
        error = request.database_outage
        drop_broken_connections()
        entry = cached_copy(request)
        if entry is not None:
            self.warn("serving a cached copy", request, error)
            return answer(request, entry, "stale-database-down")
        self.warn("answering 503", request, error)
        return outage_page(request, "read", 503)

    def write(self, request):
        tracker = CommitTracker()
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(tracker))
            response = self.attempt(request)
        error = request.database_outage
        if error is None and response.status_code >= 400:
            error = tracker.outage
        if error is None:
            return response
        drop_broken_connections()
        if tracker.committed:
            self.warn("a write committed before it; telling the editor it was saved", request, error)
            return outage_page(request, "saved", 200)
        self.warn("nothing was saved; answering 503", request, error)
        return outage_page(request, "not_saved", 503)

    @staticmethod
    def warn(what, request, error):
        warn_once_per_minute(logger, f"database-outage:{what}", "Database unavailable during %s %s (%s: %s): %s",
                             request.method, request.path, type(error).__name__,
                             str(error).strip().splitlines()[0] if str(error).strip() else "", what)
