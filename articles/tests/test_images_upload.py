"""Upload validation: every hostile or broken file is a form error and leaves nothing in storage."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import features

from articles import images
from articles.admin.images import ImageAdminForm
from articles.models import Image
from articles.tests.factories import UserFactory, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root):
    return [path for path in Path(root).rglob("*") if path.is_file()] if Path(root).exists() else []


def png_declaring(width, height):
    """A few hundred bytes of PNG whose header claims ``width`` × ``height`` pixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def submit(data, name):
    form = ImageAdminForm(
        data={"title": "Test", "focal_x": "0.5", "focal_y": "0.5"},
        files={"file": SimpleUploadedFile(name, data)},
    )
    if form.is_valid():
        form.save()
    return form


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"
GIF_HTML_POLYGLOT = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        pytest.param(png_declaring(40_000, 40_000), "bomb.png", "megapixels", id="decompression-bomb"),
        pytest.param(png_declaring(8_000, 8_000), "large.png", "8000 × 8000 pixels", id="over-pixel-cap"),
        pytest.param(SVG_WITH_SCRIPT, "logo.svg", "SVG or HTML", id="svg-with-script"),
        pytest.param(SVG_WITH_SCRIPT, "logo.jpg", "SVG or HTML", id="svg-named-jpg"),
        pytest.param(HTML_PAGE, "photo.jpg", "SVG or HTML", id="html-named-jpg"),
        pytest.param(GIF_HTML_POLYGLOT, "photo.gif", "SVG or HTML", id="gif-html-polyglot"),
        pytest.param(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "photo.jpg", "not a picture we can read", id="pdf"),
        pytest.param(image_bytes()[:7000], "cut.jpg", "damaged or incomplete", id="truncated-jpeg"),
        pytest.param(b"", "empty.jpg", "file is empty", id="zero-bytes"),
        pytest.param(image_bytes(), "..\\..\\evil.jpg", "folder parts", id="path-traversal-name"),
        pytest.param(image_bytes(), "evil.php\x00.jpg", "control characters", id="nul-in-name"),
        pytest.param(image_bytes("TIFF"), "scan.jpg", "not a picture we can read", id="tiff-not-accepted"),
    ],
)
def test_bad_upload_is_a_form_error_and_leaves_no_file(media_root, data, name, message):
    form = submit(data, name)
    assert not form.is_valid()
    assert message in " ".join(form.errors["file"])
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_file_over_byte_cap_is_refused_before_it_is_read(media_root, monkeypatch):
    monkeypatch.setattr(django_settings, "IMAGE_MAX_UPLOAD_BYTES", 10_000)

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("the file was read although its size is over the cap")

    upload = Unreadable("huge.jpg", image_bytes(size=(3000, 2000), quality=95))
    assert upload.size > 10_000
    form = ImageAdminForm(data={"focal_x": "0.5", "focal_y": "0.5"}, files={"file": upload})
    assert not form.is_valid()
    assert "the limit is" in form.errors["file"][0]
    assert stored_files(media_root) == []


def test_animation_with_too_many_frames_is_refused(media_root, monkeypatch):
    monkeypatch.setattr(django_settings, "IMAGE_MAX_FRAMES", 3)
    frames = [PILImage.new("RGB", (20, 20), (n * 50, 0, 0)) for n in range(5)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    form = submit(buffer.getvalue(), "spinner.gif")
    assert not form.is_valid()
    assert "5 frames" in form.errors["file"][0]
    assert stored_files(media_root) == []


def test_animation_over_the_total_pixel_cap_is_refused(media_root, monkeypatch):
    monkeypatch.setattr(django_settings, "IMAGE_MAX_PIXELS", 1000)
    frames = [PILImage.new("RGB", (20, 20), (n * 50, 0, 0)) for n in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    form = submit(buffer.getvalue(), "spinner.gif")
    assert "3 frames of 20 × 20 pixels" in form.errors["file"][0]
    assert stored_files(media_root) == []


def test_xml_metadata_inside_a_photo_is_not_mistaken_for_markup(media_root):
    xmp = b'<?xml version="1.0"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    assert submit(jpeg_with_comment(xmp), "photo.jpg").is_valid()


def test_small_animation_is_kept_animated(media_root):
    frames = [PILImage.new("RGB", (20, 20), (n * 40, 0, 0)) for n in range(4)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    form = submit(buffer.getvalue(), "spinner.gif")
    assert form.is_valid(), form.errors
    with PILImage.open(Image.objects.get().file.path) as stored:
        assert stored.format == "GIF"
        assert stored.n_frames == 4


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("JPEG", "photo.jpg"), ("PNG", "chart.png"), ("WEBP", "photo.webp"), ("GIF", "icon.gif")]
    + ([("AVIF", "phone.avif")] if features.check("avif") else []),
)
def test_accepted_formats_are_stored_under_a_generated_name(media_root, fmt, name):
    form = submit(image_bytes(fmt, size=(64, 48)), name)
    assert form.is_valid(), form.errors
    image = Image.objects.get()
    assert (image.width, image.height) == (64, 48)
    assert image.file_size == image.file.size
    assert image.file.name.startswith("images/")
    assert Path(image.file.name).stem not in name
    assert len(Path(image.file.name).stem) == 32
    assert image.content_type == images.FORMATS[fmt][1]
    with PILImage.open(image.file.path) as stored:
        assert stored.format == fmt


def test_dots_in_an_ordinary_name_are_fine(media_root):
    assert submit(image_bytes(size=(10, 10)), "holiday..final.jpg").is_valid()


def test_extension_follows_the_content_not_the_uploaded_name(media_root):
    form = submit(image_bytes("PNG", size=(10, 10)), "actually-a-png.jpg")
    assert form.is_valid(), form.errors
    assert Image.objects.get().file.name.endswith(".png")


def test_same_name_twice_never_overwrites(media_root):
    submit(image_bytes(color=(255, 0, 0)), "photo.jpg")
    submit(image_bytes(color=(0, 0, 255)), "photo.jpg")
    first, second = Image.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert len(stored_files(media_root)) == 2


def jpeg_with_comment(payload, padding=0):
    data = image_bytes(size=(40, 40))
    comment = b" " * padding + payload
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + data[2:]


def test_jpeg_with_html_in_its_header_is_refused(media_root):
    form = submit(jpeg_with_comment(b"<html><script>alert(1)</script>"), "photo.jpg")
    assert "SVG or HTML" in form.errors["file"][0]
    assert stored_files(media_root) == []


def test_payload_hidden_deeper_in_a_jpeg_does_not_survive_re_encoding(media_root):
    payload = b"<script>alert(1)</script>"
    polyglot = jpeg_with_comment(payload, padding=2000) + b"PK\x03\x04 appended zip"
    assert payload in polyglot
    form = submit(polyglot, "photo.jpg")
    assert form.is_valid(), form.errors
    stored = Path(Image.objects.get().file.path).read_bytes()
    assert payload not in stored and b"PK\x03\x04" not in stored


def test_admin_upload_with_path_traversal_filename_stays_inside_media(client, media_root, tmp_path):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    upload = SimpleUploadedFile("photo.jpg", image_bytes(size=(300, 200)), content_type="image/jpeg")
    upload.name = "../../../escaped.jpg"  # what a hostile client puts in the multipart header
    response = client.post(
        "/admin/articles/image/add/",
        {"file": upload, "title": "Market", "alt_text": "A market", "focal_x": "0.5", "focal_y": "0.5"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert image.uploaded_by == user
    assert "escaped" not in image.file.name and ".." not in image.file.name
    assert Path(image.file.path).resolve().is_relative_to(Path(media_root).resolve())
    assert not list(tmp_path.glob("escaped*")) and not list(Path(media_root).rglob("escaped*"))


def test_admin_upload_error_is_shown_on_the_form(client, media_root):
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(
        "/admin/articles/image/add/",
        {"file": SimpleUploadedFile("photo.jpg", HTML_PAGE), "title": "x", "focal_x": "0.5", "focal_y": "0.5"},
    )
    assert response.status_code == 200
    assert "This is an SVG or HTML document" in response.content.decode()
    assert stored_files(media_root) == []
