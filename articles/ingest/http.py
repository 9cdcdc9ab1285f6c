"""One conditional GET of an ingest source through the one safe fetcher (``articles.safe_http``).

The address rule, the pinned connections and the size and time caps are the
fetcher's (public addresses only, checked on every redirect); this module adds
``If-None-Match`` and ``If-Modified-Since`` and hands back the validators for the next poll. Private
addresses are allowed only when ``INGEST_ALLOW_PRIVATE_ADDRESSES`` is on (its
default follows ``DEBUG``), for a demo feed served by the development site.
"""

from dataclasses import dataclass

from django.conf import settings

from articles.safe_http import fetch, is_public_address

ACCEPT = "application/rss+xml, application/atom+xml, application/xml, application/json, text/*;q=0.8, */*;q=0.5"


@dataclass
class Fetched:
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    url: str = ""


def address_rule():
    """Which addresses a poll may connect to, read at call time so tests and settings can change it."""
    if getattr(settings, "INGEST_ALLOW_PRIVATE_ADDRESSES", False):
        return lambda address: True
    return is_public_address


def conditional_get(url, *, etag="", last_modified=""):
    """GET ``url``, sending the validators of the last poll; raise :class:`FetchRefused` with a reason."""
    headers = {"Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    answer = fetch(url, headers=headers, max_bytes=settings.INGEST_MAX_BYTES, timeout=settings.INGEST_TIMEOUT,
                   allow_address=address_rule(), accept_statuses=(200, 304))
    if answer.status == 304:
        return Fetched(etag=etag, last_modified=last_modified, not_modified=True, url=answer.url)
    return Fetched(body=answer.body, etag=answer.headers.get("etag", ""),
                   last_modified=answer.headers.get("last-modified", ""), url=answer.url)
