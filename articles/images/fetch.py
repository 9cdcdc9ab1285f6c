"""Downloading a picture from an address, with the upload checks and no way into the private network.

Only http(s); every address a host name resolves to must be public (checked on
every redirect), and the connection goes to the address that was checked, so a
second DNS answer cannot point it elsewhere. The bytes then go through
:func:`articles.images.validation.prepare_image` like any upload.
"""

import http.client
import io
import ipaddress
import socket
import ssl
import time
from urllib.parse import urljoin, urlsplit

from articles.images.validation import ACCEPT, MAX_UPLOAD_BYTES, ImageRejected, prepare_image

FETCH_TIMEOUT = 15
FETCH_MAX_REDIRECTS = 3


def is_public_address(address):
    """Whether ``address`` (an IP string) is on the public internet: the one rule for every fetch."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve_public(host, port):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ImageRejected(f"The image host {host!r} could not be found.", code="fetch") from None
    addresses = [info[4][0] for info in infos]
    if not addresses or not all(is_public_address(address) for address in addresses):
        raise ImageRejected(f"Images are not fetched from private or local addresses ({host}).", code="fetch")
    return addresses[0]


def _fetch_once(url, *, max_bytes, deadline):
    """One GET, connecting to the address we checked (no second DNS lookup to rebind)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImageRejected("Only http and https image addresses can be fetched.", code="fetch")
    if parts.username or parts.password:
        raise ImageRejected("Image addresses with user names or passwords are not fetched.", code="fetch")
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _resolve_public(host, port)
    timeout = max(0.1, deadline - time.monotonic())
    sock = socket.create_connection((address, port), timeout=timeout)
    try:
        if parts.scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        connection.sock = sock
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"User-Agent": "newsroom-image-fetch/1", "Accept": ACCEPT})
        response = connection.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            return None, urljoin(url, response.getheader("Location") or "")
        if response.status != 200:
            raise ImageRejected(f"The image address answered HTTP {response.status}.", code="fetch")
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise ImageRejected(f"The image is larger than {max_bytes // 1_048_576} MB.", code="too_big")
        chunks, total = [], 0
        while True:
            if time.monotonic() > deadline:
                raise ImageRejected("Fetching the image took too long.", code="fetch")
            chunk = response.read(65536)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise ImageRejected(f"The image is larger than {max_bytes // 1_048_576} MB.", code="too_big")
            chunks.append(chunk)
        return b"".join(chunks), url
    except (OSError, http.client.HTTPException) as exc:
        raise ImageRejected(f"The image could not be fetched ({exc.__class__.__name__}).", code="fetch") from exc
    finally:
        sock.close()


def fetch_image(url, *, max_bytes=None, timeout=FETCH_TIMEOUT):
    """Download an image for an importer and pass it through the upload checks.

    Only http(s); never private, loopback or link-local addresses (checked on
    every redirect); at most ``max_bytes``; the whole fetch within ``timeout``
    seconds. Returns a cleaned ``ContentFile`` for ``Image.file``; raises
    :class:`ImageRejected` with a readable reason.
    """
    max_bytes = min(max_bytes or MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES)
    deadline = time.monotonic() + timeout
    for _ in range(FETCH_MAX_REDIRECTS + 1):
        data, url = _fetch_once(url, max_bytes=max_bytes, deadline=deadline)
        if data is not None:
            return prepare_image(io.BytesIO(data))
    raise ImageRejected("The image address redirected too many times.", code="fetch")


def fetch_missing_files(images=None):
    """Download the files of imported references (``source_url`` set, no file yet).

    Each image is fetched through :func:`fetch_image`; a refused one keeps its
    reference and is reported. Returns ``(fetched, refused)`` where ``refused``
    is a list of ``(image, reason)``.
    """
    from articles.models import Image

    images = Image.objects.all() if images is None else images
    fetched, refused = [], []
    for image in images.filter(file="").exclude(source_url=""):
        try:
            image.file = fetch_image(image.source_url)
        except ImageRejected as exc:
            refused.append((image, exc.message))
            continue
        image.save()
        fetched.append(image)
    return fetched, refused
