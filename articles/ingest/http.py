"""One conditional GET of an ingest source through the importer's safe fetcher.

The address rule, the pinned connections and the size and time caps are those
of :class:`articles.importers.fetch.ImageFetcher` (public addresses only,
checked on every redirect); this module adds ``If-None-Match`` and
``If-Modified-Since`` and hands back the validators for the next poll. Private
addresses are allowed only when ``INGEST_ALLOW_PRIVATE_ADDRESSES`` is on (its
default follows ``DEBUG``), for a demo feed served by the development site.
"""

import http.client
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from articles.images.fetch import is_public_address
from articles.importers.fetch import (
    MAX_REDIRECTS,
    FetchRefused,
    ImageFetcher,
    PinnedHTTPConnection,
    PinnedHTTPSConnection,
)

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
    timeout = settings.INGEST_TIMEOUT
    guard = ImageFetcher(max_bytes=settings.INGEST_MAX_BYTES, timeout=timeout, allow_address=address_rule())
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": "newsroom-ingest", "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused("only http and https addresses are polled")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = guard.resolve(parts.hostname, port)
        connection_class = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
        connection = connection_class(parts.hostname, port, address=address, timeout=timeout)
        try:
            connection.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), headers=headers)
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location"))
                continue
            if response.status == 304:
                return Fetched(etag=etag, last_modified=last_modified, not_modified=True, url=url)
            if response.status != 200:
                raise FetchRefused(f"the server answered {response.status}")
            return Fetched(
                body=guard.read_capped(response, deadline), etag=response.getheader("ETag") or "",
                last_modified=response.getheader("Last-Modified") or "", url=url,
            )
        except (OSError, http.client.HTTPException) as exc:
            raise FetchRefused(f"could not fetch: {exc}") from exc
        finally:
            connection.close()
    raise FetchRefused("too many redirects")
