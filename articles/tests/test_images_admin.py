"""The media library admin: thumbnails, search, filters, usage, focal point and the lead-image picker."""

import pytest

from articles.images import get_rendition
from articles.editorial.pictures import sync_body_images
from articles.models import Image
from articles.tests.factories import ArticleFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(client):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    return user


def test_library_lists_thumbnails_and_searches_title_caption_and_credit(client, editor):
    boats = ImageFactory(title="Boats", caption="Dawn on the Tonle Sap", credit="Sok Chea/AFP")
    market = ImageFactory(title="Market", caption="Night market", credit="Jane Doe")
    page = client.get("/admin/articles/image/").content.decode()
    assert f'src="/images/{boats.pk}/1x1-w320.webp"' in page and 'loading="lazy"' in page
    thumb = get_rendition(market, crop="1x1", width=320, fmt="webp")
    assert f'src="{thumb.file.url}"' in client.get("/admin/articles/image/").content.decode()
    for query in ["Boats", "Tonle", "AFP"]:
        page = client.get("/admin/articles/image/", {"q": query}).content.decode()
        assert f"/admin/articles/image/{boats.pk}/change/" in page
        assert f"/admin/articles/image/{market.pk}/change/" not in page


def test_library_filters_by_uploader_and_missing_alt(client, editor):
    other = UserFactory(username="photographer")
    mine = ImageFactory(uploaded_by=editor, alt_text="")
    theirs = ImageFactory(uploaded_by=other)
    page = client.get("/admin/articles/image/", {"uploaded_by__id__exact": other.pk}).content.decode()
    assert f"/image/{theirs.pk}/change/" in page and f"/image/{mine.pk}/change/" not in page
    page = client.get("/admin/articles/image/", {"alt": "missing"}).content.decode()
    assert f"/image/{mine.pk}/change/" in page and f"/image/{theirs.pk}/change/" not in page


def test_change_form_shows_usage_and_focal_point_picker(client, editor):
    image = ImageFactory()
    lead_story = ArticleFactory(headline="Lead story", lead_image=image)
    body_story = ArticleFactory(headline="Body story", body=f'<figure data-image-id="{image.pk}"></figure>')
    sync_body_images(body_story)
    ArticleFactory(headline="Unrelated story")
    page = client.get(f"/admin/articles/image/{image.pk}/change/").content.decode()
    assert "used in these stories" in page.lower()
    assert f"/admin/articles/article/{lead_story.pk}/change/" in page
    assert f"/admin/articles/article/{body_story.pk}/change/" in page
    assert "Unrelated story" not in page
    assert "data-focal-picker" in page and "newsroom/admin/focal_point.js" in page


def test_saving_a_focal_point_keeps_the_file(client, editor):
    image = ImageFactory()
    name = image.file.name
    response = client.post(
        f"/admin/articles/image/{image.pk}/change/",
        {"title": image.title, "alt_text": image.alt_text, "focal_x": "0.25", "focal_y": "0.75"},
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y, image.file.name) == (0.25, 0.75, name)


def test_focal_point_outside_the_picture_is_a_form_error(client, editor):
    image = ImageFactory()
    response = client.post(
        f"/admin/articles/image/{image.pk}/change/",
        {"title": image.title, "alt_text": image.alt_text, "focal_x": "1.5", "focal_y": "-0.1"},
    )
    assert response.status_code == 200
    assert "less than or equal to 1" in response.content.decode()


def test_add_form_requires_a_file(client, editor):
    response = client.post("/admin/articles/image/add/", {"title": "No file", "focal_x": "0.5", "focal_y": "0.5"})
    assert response.status_code == 200
    assert "Choose a picture to upload" in response.content.decode()
    assert not Image.objects.exists()


def test_lead_image_picker_searches_the_library(client, editor):
    ImageFactory(title="Harbour at dawn")
    ImageFactory(title="Parliament")
    response = client.get("/admin/articles/article/image-picker/", {"q": "harbour"})
    assert response.status_code == 200
    assert [result["label"] for result in response.json()["images"]] == ["Harbour at dawn"]
