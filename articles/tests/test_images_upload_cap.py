"""The byte cap holds while an upload streams in: an oversized file is neither kept in memory nor written to disk."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.images.uploads import CappedUploadHandler, OversizedUpload
from articles.models import Image
from articles.tests.factories import SuperuserFactory, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_handler_passes_bytes_on_only_up_to_the_cap(monkeypatch):
    monkeypatch.setattr(django_settings, "IMAGE_MAX_UPLOAD_BYTES", 100)
    handler = CappedUploadHandler()
    handler.new_file("file", "huge.jpg", "image/jpeg", None)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    assert handler.receive_data_chunk(b"x" * 60, 60) is None
    assert handler.receive_data_chunk(b"x" * 60, 120) is None
    upload = handler.file_complete(180)
    assert isinstance(upload, OversizedUpload) and upload.size == 180 and upload.name == "huge.jpg"
    assert upload.read() == b""


def test_handler_leaves_files_under_the_cap_to_django(monkeypatch):
    monkeypatch.setattr(django_settings, "IMAGE_MAX_UPLOAD_BYTES", 100)
    handler = CappedUploadHandler()
    handler.new_file("file", "small.jpg", "image/jpeg", None)
    assert handler.receive_data_chunk(b"x" * 100, 0) == b"x" * 100
    assert handler.file_complete(100) is None


def test_oversized_admin_upload_is_a_form_error_and_stores_nothing(client, media_root, monkeypatch):
    monkeypatch.setattr(django_settings, "IMAGE_MAX_UPLOAD_BYTES", 10_000)
    import articles.images  # the admin form looks prepare_image up here when a file arrives

    seen = []
    real_prepare = articles.images.prepare_image
    monkeypatch.setattr(
        articles.images, "prepare_image", lambda upload, **kw: seen.append(upload) or real_prepare(upload, **kw)
    )
    client.force_login(SuperuserFactory())
    data = image_bytes(size=(2000, 1500), quality=95)
    assert len(data) > 40_000
    response = client.post("/admin/articles/image/add/", {
        "file": SimpleUploadedFile("huge.jpg", data, "image/jpeg"), "title": "Huge", "focal_x": "0.5", "focal_y": "0.5",
    })
    assert response.status_code == 200
    assert "the limit is" in response.content.decode()
    assert not Image.objects.exists()
    assert [type(upload) for upload in seen] == [OversizedUpload] and seen[0].size == len(data)
    assert not media_root.exists() or not [p for p in Path(media_root).rglob("*") if p.is_file()]


def test_upload_under_the_cap_still_works(client, media_root):
    client.force_login(SuperuserFactory())
    response = client.post("/admin/articles/image/add/", {
        "file": SimpleUploadedFile("photo.jpg", image_bytes(), "image/jpeg"), "title": "Fine", "alt_text": "A photo",
        "focal_x": "0.5", "focal_y": "0.5",
    })
    assert response.status_code == 302
    assert Image.objects.get().file.name.startswith("images/")
