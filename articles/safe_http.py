"""The one way this application fetches anything from an address it was given (pictures, feeds).

Only ``http`` and ``https``; the host name is resolved here and every address it
resolves to must pass ``allow_address`` (by default: public, never private,
loopback, link-local, multicast or reserved), and the connection goes to the
address that was checked, so a DNS answer cannot change between the check and
the request. Redirects are followed a few times, each checked the same way.
Responses are capped in size and time. Tests (and only tests) pass another
``allow_address`` to reach a server on 127.0.0.1.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

MAX_BYTES = 15 * 1024 * 1024
TIMEOUT = 10
MAX_REDIRECTS = 3
USER_AGENT = "newsroom/1 (+https://github.com/)"


class FetchRefused(Exception):
    """The address may not be fetched, or its answer was not acceptable; the message says why."""


def is_public_address(address):
    """Whether ``address`` (an IP string) is on the public internet: the one rule for every fetch."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@dataclass
class Answer:
    status: int
    body: bytes
    url: str  # after redirects
    headers: dict = field(default_factory=dict)  # lower-case names


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


def resolve(host, port, allow_address):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchRefused(f"cannot resolve {host}") from exc
    addresses = [info[4][0] for info in infos]
    refused = [a for a in addresses if not allow_address(a)]
    if not addresses or refused:
        raise FetchRefused(f"{host} resolves to a private or local address ({', '.join(refused)}); not fetched")
    return addresses[0]


def fetch(url, *, headers=None, max_bytes=MAX_BYTES, timeout=TIMEOUT, allow_address=is_public_address,
          accept_statuses=(200,)):
    """GET ``url`` safely; return an :class:`Answer` whose status is one of ``accept_statuses``.

    Raises :class:`FetchRefused` for a refused address, scheme or credentials, another
    status, a body over ``max_bytes`` or a fetch slower than ``timeout`` seconds in all.
    """
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused("only http and https addresses are fetched")
        if parts.username or parts.password:
            raise FetchRefused("addresses with user names or passwords are not fetched")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = resolve(parts.hostname, port, allow_address)
        connection_class = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
        connection = connection_class(parts.hostname, port, address=address,
                                      timeout=max(0.1, deadline - time.monotonic()))
        try:
            connection.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                               headers={"User-Agent": USER_AGENT, **(headers or {})})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location"))
                continue
            if response.status not in accept_statuses:
                raise FetchRefused(f"the server answered {response.status}")
            body = read_capped(response, deadline, max_bytes, timeout)
            return Answer(response.status, body, url, {k.lower(): v for k, v in response.getheaders()})
        except (OSError, http.client.HTTPException) as exc:
            raise FetchRefused(f"could not download: {exc}") from exc
        finally:
            connection.close()
    raise FetchRefused("too many redirects")


def read_capped(response, deadline, max_bytes, timeout):
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchRefused(f"larger than {max_bytes} bytes")
    chunks, size = [], 0
    while chunk := response.read(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise FetchRefused(f"larger than {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchRefused(f"took longer than {timeout} seconds")
        chunks.append(chunk)
    return b"".join(chunks)
