"""The one downloader (``articles.safe_http`` behind the importers' ``ImageFetcher``): the same checks as
uploads and no way into the private network."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image as PILImage

from articles import safe_http
from articles.importers.fetch import FetchRefused, ImageFetcher, clean_image
from articles.tests.factories import image_bytes

JPEG = image_bytes(size=(120, 80))
ROUTES = {
    "/photo.jpg": (200, {"Content-Type": "image/jpeg"}, JPEG),
    "/page.jpg": (200, {"Content-Type": "image/jpeg"}, b"<html><script>alert(1)</script></html>"),
    "/missing.jpg": (404, {}, b"not found"),
    "/moved": (302, {"Location": "/photo.jpg"}, b""),
    "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
    "/loop": (302, {"Location": "/loop"}, b""),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status, headers, body = ROUTES.get(self.path, (404, {}, b""))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def local(**options):
    """A downloader that may reach this test's own server on 127.0.0.1, and nothing else private."""
    return ImageFetcher(allow_address=lambda a: a == "127.0.0.1" or safe_http.is_public_address(a), **options)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/photo.jpg",
        "javascript:alert(1)",
        "http://127.0.0.1/photo.jpg",
        "http://localhost/photo.jpg",
        "http://[::1]/photo.jpg",
        "http://10.1.2.3/photo.jpg",
        "http://192.168.0.10/photo.jpg",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/photo.jpg",
        "http://user:secret@example.com/photo.jpg",
    ],
)
def test_unsafe_addresses_are_refused_without_connecting(url, monkeypatch):
    monkeypatch.setattr(safe_http.socket, "create_connection", lambda *a, **k: pytest.fail("connected"))
    with pytest.raises(FetchRefused):
        ImageFetcher().download(url)


def test_fetches_and_cleans_an_image(server):
    content = clean_image(local().download(f"{server}/photo.jpg"))
    with PILImage.open(content) as picture:
        assert picture.size == (120, 80) and picture.format == "JPEG"


def test_follows_redirects_but_checks_every_hop(server):
    assert local().download(f"{server}/moved") == JPEG
    with pytest.raises(FetchRefused, match="private or local"):
        local().download(f"{server}/to-metadata")
    with pytest.raises(FetchRefused, match="too many redirects"):
        local().download(f"{server}/loop")


def test_refuses_what_uploads_refuse(server):
    with pytest.raises(FetchRefused, match="not an image we accept"):
        clean_image(local().download(f"{server}/page.jpg"))
    with pytest.raises(FetchRefused, match="answered 404"):
        local().download(f"{server}/missing.jpg")
    with pytest.raises(FetchRefused, match="larger than"):
        local(max_bytes=100).download(f"{server}/photo.jpg")
