"""Media and rendition addresses: every odd or hostile path is a 404 (never a 500), every file a typed, unsniffed image,
and originals and renditions live in whatever storage ``STORAGES["default"]`` names (local disk or S3)."""

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage

from articles.images import get_rendition
from articles.editorial.pictures import sync_body_images
from articles.models import Rendition
from articles.templatetags.images import picture_context
from articles.tests.factories import ArticleFactory, ImageFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def public_image():
    image = ImageFactory()
    article = ArticleFactory(published=True, lead_image=image, body="<p>x</p>")
    sync_body_images(article)
    return image


@pytest.mark.parametrize("path", [
    "/media/images/../../etc/passwd.jpg",
    "/media/images/%2e%2e/%2e%2e/etc/passwd.jpg",
    "/media/images/..%2F..%2Fsettings.jpg",
    "/media/images%2F..%2F..%2Fetc%2Fpasswd.jpg",
    "/media/images/..%5C..%5Csecret.jpg",
    "/media//etc/passwd.jpg",
    "/media/images/%00.jpg",
    "/media/images/a%00b.jpg",
    "/media/images/" + "a" * 300 + ".jpg",
    "/media/images/",
    "/media/images/2024/",
    "/media/images/2024.jpg/",
    "/media/renditions/1/x.svg",
    "/media/renditions/1/x.html",
    "/media/renditions/1/x.JPG.php",
    "/media/db.sqlite3",
    "/media/images/%ff%fe.jpg",
])
def test_odd_media_paths_are_404(client, path):
    assert client.get(path).status_code == 404


def test_a_folder_named_like_a_picture_is_404(client, media_root):
    (media_root / "images" / "folder.jpg").mkdir(parents=True)
    assert client.get("/media/images/folder.jpg").status_code == 404


@pytest.mark.parametrize("path", [
    "/images/{pk}/free-w99999.webp",
    "/images/{pk}/free-w4000.webp",
    "/images/{pk}/free-w100.webp",
    "/images/{pk}/3x2-w640.webp",
    "/images/{pk}/16x9-w640.gif",
    "/images/{pk}/16x9-w640.WEBP",
    "/images/{pk}/16x9-w640.",
    "/images/{pk}/16x9-w\u0663\u0662\u0660.webp",
    "/images/{pk}/16x9-w640.webp/",
    "/images/{pk}/..%2F..%2Fx.webp",
    "/images/-1/free-w320.webp",
    "/images/0/free-w320.webp",
    "/images/99999999999999999999999999/free-w320.webp",
    "/images/9223372036854775808/free-w320.jpeg",
])
def test_hostile_rendition_addresses_are_404(client, path):
    image = public_image()
    assert client.get(path.format(pk=image.pk)).status_code == 404
    assert not Rendition.objects.exists()


def test_hostile_rendition_addresses_are_404_for_staff_too(client):
    client.force_login(SuperuserFactory())
    image = ImageFactory()
    for path in [f"/images/{image.pk}/free-w99999.webp", "/images/99999999999999999999999999/free-w320.webp"]:
        assert client.get(path).status_code == 404


@pytest.mark.parametrize(("crop", "width", "fmt", "content_type"), [
    ("free", 320, "webp", "image/webp"), ("16x9", 640, "jpeg", "image/jpeg"), ("1x1", 320, "webp", "image/webp"),
])
def test_every_local_media_response_is_typed_and_unsniffed(client, crop, width, fmt, content_type):
    image = public_image()
    response = client.get(f"/images/{image.pk}/{crop}-w{width}.{fmt}")
    assert response.status_code == 302
    media = client.get(response["Location"])
    assert media.status_code == 200
    assert (media["Content-Type"], media["X-Content-Type-Options"]) == (content_type, "nosniff")
    magic = b"".join(media.streaming_content)[:3]
    assert magic == (b"RIF" if fmt == "webp" else b"\xff\xd8\xff")
    head = client.head(response["Location"])
    assert head.status_code == 200
    assert (head["Content-Type"], head["X-Content-Type-Options"]) == (content_type, "nosniff")


@pytest.fixture
def object_storage(settings):
    """A stand-in for S3: an in-memory storage whose files live at another origin, like a bucket behind a CDN."""
    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage",
                    "OPTIONS": {"base_url": "https://cdn.example/media/"}},
    }
    return default_storage


def test_originals_and_renditions_go_to_the_configured_storage(client, object_storage, media_root):
    image = public_image()
    assert object_storage.exists(image.file.name)
    rendition = get_rendition(image, crop="16x9", width=640, fmt="webp")
    assert object_storage.exists(rendition.file.name)
    assert rendition.file.url == f"https://cdn.example/media/{rendition.file.name}"
    assert not media_root.exists() or not any(path.is_file() for path in media_root.rglob("*"))
    response = client.get(f"/images/{image.pk}/free-w320.jpeg")
    assert response.status_code == 302 and response["Location"].startswith("https://cdn.example/media/renditions/")
    context = picture_context(image, crop="16x9")
    assert f"https://cdn.example/media/{rendition.file.name} 640w" in context["webp_srcset"]


def test_s3_settings_store_renditions_with_their_content_type_and_cache_header():
    """The options settings.py gives S3Storage: names map to the CDN's addresses, uploads carry the right Content-Type.

    (S3 itself cannot add ``X-Content-Type-Options``; the CDN in front of the bucket must, see README.)
    """
    from storages.backends.s3 import S3Storage

    options = {
        "bucket_name": "media-bucket", "custom_domain": "media.news.example", "file_overwrite": False,
        "default_acl": None, "querystring_auth": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    storage = S3Storage(**options)
    assert storage.url("renditions/7/abc-16x9-w640-f05000500.webp") == (
        "https://media.news.example/renditions/7/abc-16x9-w640-f05000500.webp"
    )
    for name, content_type in [("renditions/7/a.webp", "image/webp"), ("renditions/7/a.jpg", "image/jpeg"),
                               ("images/2026/11/a.png", "image/png"), ("images/2026/11/a.avif", "image/avif")]:
        parameters = storage._get_write_parameters(name)
        assert parameters["ContentType"] == content_type
        assert parameters["CacheControl"] == "public, max-age=31536000, immutable"
