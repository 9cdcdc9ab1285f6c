"""--fetch-images: only public http(s) addresses, a size cap, and only real images."""

import http.server
import io
import json
import threading

import pytest
from PIL import Image as PillowImage

from articles.importers.fetch import FetchRefused, ImageFetcher, check_image, is_public_address
from articles.models import Article
from articles.tests.import_helpers import run_import

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


class ImageHandler(http.server.BaseHTTPRequestHandler):
    hits = []
    routes = {}

    def do_GET(self):  # noqa: N802
        ImageHandler.hits.append(self.path)
        status, headers, body = ImageHandler.routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def image_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), ImageHandler)
    ImageHandler.hits = []
    ImageHandler.routes = {
        "/photo.png": (200, {"Content-Type": "image/png"}, png_bytes()),
        "/fake.jpg": (200, {"Content-Type": "image/jpeg"}, b"<html>not an image</html>"),
        "/moved.png": (302, {"Location": "/photo.png"}, b""),
        "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data"}, b""),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize("address, public", [
    ("8.8.8.8", True), ("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.10", False), ("172.16.5.4", False),
    ("169.254.169.254", False), ("::1", False), ("fe80::1", False), ("::ffff:127.0.0.1", False), ("0.0.0.0", False),
    ("224.0.0.1", False), ("2001:4860:4860::8888", True),
])
def test_only_public_addresses_are_allowed(address, public):
    assert is_public_address(address) is public


@pytest.mark.parametrize("url, reason", [
    ("file:///etc/passwd", "only http and https"),
    ("ftp://example.org/a.jpg", "only http and https"),
    ("http://localhost/a.jpg", "private or local address"),
    ("http://10.0.0.1/a.jpg", "private or local address"),
    ("http://[::1]/a.jpg", "private or local address"),
])
def test_refused_addresses_are_never_contacted(url, reason):
    with pytest.raises(FetchRefused, match=reason):
        ImageFetcher().download(url)


def test_loopback_server_is_not_contacted_by_default(image_server):
    with pytest.raises(FetchRefused, match="private or local"):
        ImageFetcher().download(f"{image_server}/photo.png")
    assert ImageHandler.hits == []


def test_redirects_are_checked_again(image_server):
    permissive_once = iter([True])
    fetcher = ImageFetcher(allow_address=lambda address: next(permissive_once, False))
    with pytest.raises(FetchRefused, match="private or local"):
        fetcher.download(f"{image_server}/to-metadata")
    assert ImageHandler.hits == ["/to-metadata"]


def test_size_cap_and_image_check(image_server):
    fetcher = ImageFetcher(allow_address=lambda address: True, max_bytes=100)
    with pytest.raises(FetchRefused, match="larger than 100 bytes"):
        fetcher.download(f"{image_server}/photo.png")
    with pytest.raises(FetchRefused, match="not an image"):
        check_image(b"<html>not an image</html>")
    assert check_image(png_bytes()) == ".png"


def test_fetch_images_downloads_real_images_and_keeps_references_to_bad_ones(image_server, tmp_path, monkeypatch):
    from articles.management.commands import import_articles

    monkeypatch.setattr(import_articles, "ImageFetcher", lambda: ImageFetcher(allow_address=lambda address: True))
    path = tmp_path / "pics.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in [
        {"id": "good", "headline": "Good picture", "body_text": "x", "lead_image": {"url": f"{image_server}/moved.png"}},
        {"id": "bad", "headline": "Fake picture", "body_text": "x", "lead_image": {"url": f"{image_server}/fake.jpg"}},
    ]) + "\n", "utf-8")
    code, out, _ = run_import(path, fetch_images=True)
    assert code == 0
    good = Article.objects.get(source_id="good").lead_image
    assert good.file and good.file.name.endswith(".png") and (good.width, good.height) == (40, 30)
    bad = Article.objects.get(source_id="bad").lead_image
    assert not bad.file and bad.source_url.endswith("/fake.jpg")
    assert "warning: image" in out and "not an image" in out


def test_without_fetch_images_nothing_is_downloaded(image_server, tmp_path):
    path = tmp_path / "pics.jsonl"
    path.write_text(json.dumps({"id": "p", "headline": "Pic", "body_text": "x",
                                "lead_image": {"url": f"{image_server}/photo.png"}}) + "\n", "utf-8")
    run_import(path)
    assert ImageHandler.hits == [] and not Article.objects.get().lead_image.file


# Downloads happen before a batch's transaction, and files of rolled-back stories are deleted.


class RecordingFetcher(ImageFetcher):
    instances = []

    def __init__(self):
        super().__init__(allow_address=lambda address: True)
        self.in_transaction = []
        RecordingFetcher.instances.append(self)

    def download(self, url):
        from django.db import connection

        self.in_transaction.append(connection.in_atomic_block)
        return super().download(url)


@pytest.fixture
def recording_fetcher(monkeypatch):
    from articles.management.commands import import_articles

    RecordingFetcher.instances = []
    monkeypatch.setattr(import_articles, "ImageFetcher", RecordingFetcher)
    return RecordingFetcher.instances


def picture_story(server, story_id, headline="A picture story", **extra):
    return {"id": story_id, "headline": headline, "body_text": "Words.", "lead_image": {"url": f"{server}/{story_id}.png"},
            **extra}


def write_jsonl(path, items):
    path.write_text("".join(json.dumps(item) + "\n" for item in items), "utf-8")
    return path


@pytest.mark.django_db(transaction=True)
def test_images_are_downloaded_outside_the_batch_transaction(image_server, tmp_path, recording_fetcher):
    ImageHandler.routes["/one.png"] = (200, {"Content-Type": "image/png"}, png_bytes())
    code, _, err = run_import(write_jsonl(tmp_path / "a.jsonl", [picture_story(image_server, "one")]),
                              fetch_images=True)
    assert code == 0, err
    (fetcher,) = recording_fetcher
    assert fetcher.in_transaction == [False]
    assert Article.objects.get().lead_image.file


def test_files_of_a_story_that_failed_to_save_are_deleted(image_server, tmp_path, recording_fetcher, monkeypatch):
    from django.core.files.storage import default_storage
    from django.db import DatabaseError

    from articles.importers import base

    for name in ("good", "doomed"):
        ImageHandler.routes[f"/{name}.png"] = (200, {"Content-Type": "image/png"}, png_bytes())
    real_create = base.create_imported

    def failing_create(stories, **kwargs):
        if any(story.fields["headline"] == "Doomed" for story in stories):
            raise DatabaseError("disk full")
        return real_create(stories, **kwargs)

    monkeypatch.setattr(base, "create_imported", failing_create)
    path = write_jsonl(tmp_path / "b.jsonl", [picture_story(image_server, "good", "Good"),
                                             picture_story(image_server, "doomed", "Doomed")])
    code, _, err = run_import(path, fetch_images=True, status="published")
    assert code == 1 and "disk full" in err
    (fetcher,) = recording_fetcher
    assert len(fetcher.stored) == 2
    kept = Article.objects.get().lead_image.file.name
    assert [name for name in fetcher.stored if default_storage.exists(name)] == [kept]


def test_an_atomic_rollback_leaves_no_downloaded_files(image_server, tmp_path, recording_fetcher):
    from django.core.files.storage import default_storage

    ImageHandler.routes["/kept.png"] = (200, {"Content-Type": "image/png"}, png_bytes())
    path = write_jsonl(tmp_path / "c.jsonl", [picture_story(image_server, "kept"), {"id": "x", "body_text": "no title"}])
    code, _, err = run_import(path, fetch_images=True, atomic=True)
    assert code == 1 and "rolled back" in err
    (fetcher,) = recording_fetcher
    assert fetcher.stored and not any(default_storage.exists(name) for name in fetcher.stored)
    assert not Article.objects.exists()
