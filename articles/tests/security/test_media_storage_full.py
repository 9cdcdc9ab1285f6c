"""An upload to a media storage that refuses writes (full, read-only) answers a clear message,
saves nothing and leaves stories alone."""

import errno

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, Image
from articles.tests.factories import ArticleFactory, image_bytes, user_in_role

pytestmark = pytest.mark.django_db


class ReadOnlyStorage(FileSystemStorage):
    def _save(self, name, content):
        raise OSError(errno.EROFS, "Read-only file system")


@pytest.fixture
def read_only_media(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "articles.tests.security.test_media_storage_full.ReadOnlyStorage"}}


def test_upload_to_read_only_storage_gives_a_message_and_saves_nothing(client, read_only_media):
    story = ArticleFactory(published=True)
    before = Article.objects.values().get(pk=story.pk)
    client.force_login(user_in_role("Publishers", "pub"))
    upload = SimpleUploadedFile("boat.jpg", image_bytes(), content_type="image/jpeg")
    response = client.post("/admin/articles/image/add/", {"file": upload, "title": "Boat", "alt_text": "A boat",
                                                               "focal_x": "0.5", "focal_y": "0.5"}, follow=True)
    assert response.status_code == 200
    assert b"The picture could not be stored" in response.content and b"Read-only file system" in response.content
    assert not Image.objects.exists()
    assert Article.objects.values().get(pk=story.pk) == before
