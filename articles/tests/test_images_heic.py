"""Phone photos: HEIC uploads are decoded by pillow-heif, stored as JPEG and rendered as WebP/JPEG."""

import io

import pillow_heif
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from articles.admin.images import ImageAdminForm
from articles.images import get_rendition
from articles.models import Image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def heic_bytes(size=(640, 480), exif=None):
    """A HEIC written by pillow-heif itself: a red left half, a blue right half."""
    picture = PILImage.new("RGB", size, (0, 0, 230))
    picture.paste((230, 0, 0), (0, 0, size[0] // 2, size[1]))
    heif = pillow_heif.from_pillow(picture)
    buffer = io.BytesIO()
    heif.save(buffer, quality=90, exif=exif)
    return buffer.getvalue()


def gps_exif():
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(0x8825)[2] = (11.0, 33.0, 0.0)  # GPSLatitude
    return exif.tobytes()


def upload(data, name="IMG_0042.HEIC"):
    form = ImageAdminForm(
        data={"title": "From a phone", "alt_text": "A red and blue card", "focal_x": "0.5", "focal_y": "0.5"},
        files={"file": SimpleUploadedFile(name, data, content_type="image/heic")},
    )
    assert form.is_valid(), form.errors
    return form.save()


def test_the_generated_file_really_is_heic():
    data = heic_bytes(exif=gps_exif())
    assert data[4:12] == b"ftypheic"
    with PILImage.open(io.BytesIO(data)) as picture:
        assert picture.format == "HEIF"
        assert picture.getexif().get_ifd(0x8825)[2] == (11.0, 33.0, 0.0)


def test_heic_upload_is_stored_as_jpeg_without_metadata():
    image = upload(heic_bytes(exif=gps_exif()))
    assert image.file.name.startswith("images/") and image.file.name.endswith(".jpg")
    assert (image.width, image.height) == (640, 480) and image.content_type == "image/jpeg"
    with image.file.open("rb") as handle, PILImage.open(handle) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif() and "exif" not in stored.info
        assert stored.getpixel((100, 240))[0] > 180 and stored.getpixel((540, 240))[2] > 180


@pytest.mark.parametrize(("fmt", "pil_format"), [("webp", "WEBP"), ("jpeg", "JPEG")])
def test_renditions_of_a_heic_upload_are_web_formats(fmt, pil_format):
    image = upload(heic_bytes())
    rendition = get_rendition(image, crop="16x9", width=320, fmt=fmt)
    with rendition.file.open("rb") as handle, PILImage.open(handle) as made:
        assert made.format == pil_format and made.size == (320, 180)


def test_truncated_heic_is_a_form_error():
    form = ImageAdminForm(
        data={"title": "Cut", "focal_x": "0.5", "focal_y": "0.5"},
        files={"file": SimpleUploadedFile("cut.heic", heic_bytes()[:300])},
    )
    assert not form.is_valid()
    assert "file" in form.errors
    assert Image.objects.count() == 0


def test_admin_form_accepts_heic_from_the_file_picker():
    assert "image/heic" in ImageAdminForm().fields["file"].widget.attrs["accept"]
    assert "HEIC" in ImageAdminForm().fields["file"].help_text


def test_heic_over_the_pixel_cap_is_refused_before_decoding(monkeypatch):

    monkeypatch.setattr(django_settings, "IMAGE_MAX_PIXELS", 10_000)
    form = ImageAdminForm(
        data={"title": "Too big", "focal_x": "0.5", "focal_y": "0.5"},
        files={"file": SimpleUploadedFile("big.heic", heic_bytes(size=(200, 100)))},
    )
    assert not form.is_valid()
    assert "200 × 100 pixels" in " ".join(form.errors["file"])
    assert Image.objects.count() == 0
