"""The stored original carries no camera metadata, and the camera's orientation is applied."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags
from PIL import Image as PILImage

from articles.admin.images import ImageAdminForm
from articles.models import Image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def phone_photo():
    """A 300 × 200 JPEG shot "rotated" (orientation 6) with GPS coordinates, a camera model and a time."""
    picture = PILImage.new("RGB", (300, 200), (30, 120, 200))
    picture.paste((255, 0, 0), (0, 0, 50, 50))  # a red block in the top-left corner of the sensor
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 15"
    exif[ExifTags.Base.DateTime] = "2024:05:23 10:11:12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (11.0, 33.0, 45.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (104.0, 55.0, 12.0)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def test_the_generated_photo_really_has_gps_and_orientation():
    with PILImage.open(io.BytesIO(phone_photo())) as original:
        exif = original.getexif()
        assert exif[ExifTags.Base.Orientation] == 6
        assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"


def test_upload_strips_exif_and_gps_and_applies_orientation():
    form = ImageAdminForm(
        data={"title": "Phone", "focal_x": "0.5", "focal_y": "0.5"},
        files={"file": SimpleUploadedFile("IMG_0001.JPG", phone_photo())},
    )
    assert form.is_valid(), form.errors
    image = form.save()
    raw = Path(image.file.path).read_bytes()
    assert b"Exif" not in raw and b"PhoneMaker" not in raw
    with PILImage.open(image.file.path) as stored:
        assert not stored.getexif()
        assert "exif" not in stored.info and "xmp" not in stored.info
        # Orientation 6 means "rotate 90° clockwise to display": the 300 × 200 sensor image stands up.
        assert stored.size == (200, 300)
        assert (image.width, image.height) == (200, 300)
        red, green, blue = stored.convert("RGB").getpixel((180, 20))
        assert red > 200 and green < 60 and blue < 60, "the red corner should now be at the top right"


def test_importers_fetch_images_through_the_same_checks(settings, tmp_path):
    """``import_articles --fetch-images`` stores what an upload would: metadata gone, bombs refused."""
    from articles.importers.fetch import ImageFetcher
    from articles.tests.test_images_upload import png_declaring

    settings.MEDIA_ROOT = tmp_path
    fetcher = ImageFetcher()
    fetcher.download = lambda url: {"/gps.jpg": phone_photo(), "/bomb.png": png_declaring(40_000, 40_000)}[url]
    fetched = fetcher.fetch_all(["/gps.jpg", "/bomb.png"])
    image = Image(source_url="/gps.jpg")
    assert fetched.attach(image) is None
    image.save()
    with image.file.open("rb") as handle, PILImage.open(handle) as stored:
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) and "exif" not in stored.info
    assert image.file.name.startswith("images/") and image.file_size == image.file.size
    bomb = Image(source_url="/bomb.png")
    assert "megapixels" in fetched.attach(bomb)
    assert not bomb.file
