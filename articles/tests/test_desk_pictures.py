"""Pictures dropped into a story go through the media library's validation; alt text and focal point follow."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Image
from articles.tests.factories import image_bytes, user_in_role

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/desk/pictures/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_dropped_picture_is_validated_stored_and_described(client):
    editor = user_in_role("Editors", "ed")
    client.force_login(editor)

    response = client.post(URL, {"file": SimpleUploadedFile("flood.png", image_bytes(fmt="PNG"), "image/png"),
                                  "title": "flood"})
    image = Image.objects.get()
    described = client.post(f"{URL}{image.pk}/", {"alt_text": "A flooded street", "focal_x": "0.2", "focal_y": "2"})

    assert response.status_code == 201 and f"#image-{image.pk}" in response.json()["html"]
    assert image.uploaded_by == editor and image.width == 1200
    image.refresh_from_db()
    assert described.status_code == 200 and image.alt_text == "A flooded street"
    assert (image.focal_x, image.focal_y) == (0.2, 1.0)


def test_a_file_that_is_not_a_picture_is_refused_with_a_message_and_nothing_stored(client):
    client.force_login(user_in_role("Editors", "ed"))

    response = client.post(URL, {"file": SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", "image/png")})

    assert response.status_code == 400 and response.json()["error"]
    assert not Image.objects.exists()


def test_dropping_pictures_needs_the_right_to_add_pictures(client):
    client.force_login(no_image_rights())

    response = client.post(URL, {"file": SimpleUploadedFile("flood.png", image_bytes(fmt="PNG"), "image/png")})

    assert response.status_code == 403 and not Image.objects.exists()


def no_image_rights():
    from articles.tests.factories import UserFactory

    return UserFactory(username="visitor")
