"""fetch_image: the importers' door, with the same checks as uploads and no way into the private network."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image as PILImage

from articles import images
from articles.images import fetch as image_fetch
from articles.images import ImageRejected, fetch_image
from articles.models import Image
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
def server(monkeypatch):
    """A local image host. Loopback is normally refused, so the test declares it public."""
    real_check = image_fetch.is_public_address
    monkeypatch.setattr(
        image_fetch, "is_public_address", lambda address: address == "127.0.0.1" or real_check(address)
    )
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


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
    monkeypatch.setattr(image_fetch.socket, "create_connection", lambda *a, **k: pytest.fail("connected"))
    with pytest.raises(ImageRejected):
        fetch_image(url)


def test_fetches_and_cleans_an_image(server):
    content = fetch_image(f"{server}/photo.jpg")
    with PILImage.open(content) as picture:
        assert picture.size == (120, 80) and picture.format == "JPEG"


def test_follows_redirects_but_checks_every_hop(server):
    assert fetch_image(f"{server}/moved").size > 0
    with pytest.raises(ImageRejected, match="private or local"):
        fetch_image(f"{server}/to-metadata")
    with pytest.raises(ImageRejected, match="redirected too many times"):
        fetch_image(f"{server}/loop")


def test_refuses_what_uploads_refuse(server):
    with pytest.raises(ImageRejected, match="SVG or HTML"):
        fetch_image(f"{server}/page.jpg")
    with pytest.raises(ImageRejected, match="HTTP 404"):
        fetch_image(f"{server}/missing.jpg")
    with pytest.raises(ImageRejected, match="larger than"):
        fetch_image(f"{server}/photo.jpg", max_bytes=100)


@pytest.mark.django_db
def test_fetched_image_is_stored_like_an_upload(server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(file=fetch_image(f"{server}/photo.jpg"), source_url=f"{server}/photo.jpg")
    assert image.file.name.startswith("images/") and image.file.name.endswith(".jpg")
    assert (image.width, image.height) == (120, 80)


@pytest.mark.django_db
def test_fetch_missing_files_downloads_imported_references(server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    good = Image.objects.create(source_url=f"{server}/photo.jpg", alt_text="A photo")
    bad = Image.objects.create(source_url=f"{server}/page.jpg")
    private = Image.objects.create(source_url="http://10.0.0.5/photo.jpg")
    fetched, refused = images.fetch_missing_files()
    assert fetched == [good]
    assert {image for image, _ in refused} == {bad, private}
    good.refresh_from_db()
    assert good.file.name.startswith("images/") and (good.width, good.height) == (120, 80)
    bad.refresh_from_db()
    assert not bad.file
    fetched_again, _ = images.fetch_missing_files()
    assert fetched_again == []
