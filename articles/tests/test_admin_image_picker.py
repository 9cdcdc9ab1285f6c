"""The body editor's "Insert image" search: newsroom only, and the markup it hands the editor."""

import pytest
from django.urls import reverse

from articles.admin.body import from_editor
from articles.tests.factories import ImageFactory, UserFactory, user_in_role

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_article_image_picker")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_it_finds_pictures_and_their_markup_saves_as_a_reference(client, media):
    boat = ImageFactory(title="Fishing boat at dawn")
    ImageFactory(title="Council chamber")
    ImageFactory(title="Boat without a file", file=None)
    client.force_login(user_in_role("Reporters", "rita"))
    found = client.get(URL, {"q": "boat"}).json()["images"]
    assert [image["id"] for image in found] == [boat.pk]
    assert from_editor(found[0]["html"]) == f'<figure data-image-id="{boat.pk}"></figure>'
    assert len(client.get(URL).json()["images"]) == 2  # no term: the newest pictures


def test_people_outside_the_newsroom_get_nothing(client, media):
    ImageFactory(title="Fishing boat at dawn")
    assert client.get(URL).status_code == 302  # anonymous: to the login page
    client.force_login(UserFactory(username="rick", is_staff=True))
    assert client.get(URL, {"q": "boat"}).status_code == 403
