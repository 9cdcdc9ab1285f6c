"""Downloading the images imported stories refer to (only with ``--fetch-images``).

Only ``http`` and ``https``; the host name is resolved here and every address
it resolves to must be public (no private, loopback, link-local, multicast or
reserved ranges), and the connection goes to the address we checked, so a DNS
answer cannot change between the check and the request. Redirects are
followed a few times, each checked the same way. Responses are capped in size
and time, and must decode as an image.

The downloaded bytes then go through the media library's upload checks
(``articles.images.prepare_image``): pixel and frame caps, full decode,
re-encoding that strips EXIF/GPS; what is stored is exactly what an upload
would have stored.
"""

import http.client
import io
import ipaddress
import socket
import ssl
import time
from urllib.parse import urljoin, urlsplit

from articles.images import FORMATS, ImageRejected, prepare_image, validate_image_file
from articles.images.validation import STORED_AS

MAX_BYTES = 15 * 1024 * 1024
TIMEOUT = 10
MAX_REDIRECTS = 3


class FetchRefused(Exception):
    pass


def is_public_address(address):
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


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

    def attach(self, image):
        """Download ``image.source_url`` into ``image.file``; return why not, or ``None``."""
        try:
            content = self.download(image.source_url)
            image.file = prepare_image(io.BytesIO(content))
        except FetchRefused as exc:
            return str(exc)
        except ImageRejected as exc:
            return f"not an image we accept: {exc.message}"
        return None

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


def check_image(content):
    """The stored file extension for ``content`` if it passes the upload checks; else refuse."""
    try:
        validated = validate_image_file(io.BytesIO(content))
    except ImageRejected as exc:
        raise FetchRefused(f"not an image we accept: {exc.message}") from exc
    validated.image.close()
    return FORMATS[STORED_AS.get(validated.format, validated.format)][0]
