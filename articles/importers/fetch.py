"""Downloading the images imported stories refer to (only with ``--fetch-images``).

Only ``http`` and ``https``; the host name is resolved here and every address
it resolves to must be public (no private, loopback, link-local, multicast or
reserved ranges), and the connection goes to the address we checked, so a DNS
answer cannot change between the check and the request. Redirects are
followed a few times, each checked the same way. Responses are capped in size
and time. The bytes then go through the same checks and cleaning as an
editor's upload (:func:`articles.images.prepare_image`).

The downloader here differs from :func:`articles.images.fetch_image` in one
way: the address check is a parameter (``allow_address``), so tests can
serve pictures from a local server while the command never can.

Downloads happen before a batch's transaction (:meth:`ImageFetcher.fetch_all`),
never inside it, and files stored for a batch that did not commit are deleted
afterwards (:meth:`FetchedFiles.discard_unused`).
"""

import http.client
import io
import socket
import ssl
import time
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from django.core.files.storage import default_storage

from articles.images import ImageRejected, prepare_image
from articles.images.fetch import is_public_address  # one rule for every fetch

MAX_BYTES = 15 * 1024 * 1024
TIMEOUT = 10
MAX_REDIRECTS = 3


class FetchRefused(Exception):
    pass


class PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class ImageFetcher:
    def __init__(self, *, max_bytes=MAX_BYTES, timeout=TIMEOUT, allow_address=is_public_address):
        self.max_bytes, self.timeout, self.allow_address = max_bytes, timeout, allow_address
        self.stored = set()  # every file this run stored, for clean-up after an --atomic rollback

    def fetch_all(self, urls):
        """Download, check and store every address in ``urls``; call outside any transaction."""
        from articles.models import Image

        fetched = FetchedFiles()
        file_field = Image._meta.get_field("file")
        for url in dict.fromkeys(urls):
            try:
                content = clean_image(self.download(url))
            except FetchRefused as exc:
                fetched.problems[url] = str(exc)
                continue
            fetched.stored[url] = default_storage.save(file_field.generate_filename(None, content.name), content)
        self.stored.update(fetched.stored.values())
        return fetched

    def discard_unused(self):
        """Delete every file this run stored that no saved image uses."""
        delete_unused(self.stored)

    def download(self, url):
        deadline = time.monotonic() + self.timeout
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchRefused("only http and https addresses are fetched")
            port = parts.port or (443 if parts.scheme == "https" else 80)
            address = self.resolve(parts.hostname, port)
            connection_class = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
            connection = connection_class(parts.hostname, port, address=address, timeout=self.timeout)
            try:
                connection.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                                   headers={"User-Agent": "newsroom-importer", "Accept": "image/*"})
                response = connection.getresponse()
                if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                    url = urljoin(url, response.getheader("Location"))
                    continue
                if response.status != 200:
                    raise FetchRefused(f"the server answered {response.status}")
                return self.read_capped(response, deadline)
            except (OSError, http.client.HTTPException) as exc:
                raise FetchRefused(f"could not download: {exc}") from exc
            finally:
                connection.close()
        raise FetchRefused("too many redirects")

    def resolve(self, host, port):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise FetchRefused(f"cannot resolve {host}") from exc
        addresses = [info[4][0] for info in infos]
        refused = [a for a in addresses if not self.allow_address(a)]
        if not addresses or refused:
            raise FetchRefused(f"{host} resolves to a private or local address ({', '.join(refused)}); not fetched")
        return addresses[0]

    def read_capped(self, response, deadline):
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchRefused(f"larger than {self.max_bytes} bytes")
        chunks, size = [], 0
        while chunk := response.read(64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchRefused(f"larger than {self.max_bytes} bytes")
            if time.monotonic() > deadline:
                raise FetchRefused(f"took longer than {self.timeout} seconds")
            chunks.append(chunk)
        return b"".join(chunks)


def clean_image(content):
    """``content`` checked and cleaned like an upload, as a file to store; else refuse."""
    try:
        return prepare_image(io.BytesIO(content), name="")
    except ImageRejected as exc:
        raise FetchRefused(f"not an image we accept: {' '.join(exc.messages)}") from exc


def check_image(content):
    """The file extension ``content`` is stored with, if it is a picture we accept; else refuse."""
    return PurePosixPath(clean_image(content).name).suffix


class FetchedFiles:
    """Files downloaded for one batch, by address, and why the others were not."""

    def __init__(self):
        self.stored, self.problems = {}, {}

    def attach(self, image):
        """Point ``image.file`` at its downloaded file; return why there is none, or ``None``."""
        name = self.stored.get(image.source_url)
        if name is None:
            return self.problems.get(image.source_url, "not downloaded")
        image.file = name
        return None

    def discard_unused(self):
        """Delete the stored files no saved image uses (their batch or story was rolled back)."""
        delete_unused(self.stored.values())


def delete_unused(names):
    from articles.models import Image

    names = set(names)
    used = set(Image.objects.filter(file__in=names).values_list("file", flat=True)) if names else set()
    for name in names - used:
        default_storage.delete(name)
