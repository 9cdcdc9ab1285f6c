"""Never a draft: images reach readers only through published stories; media carry safe headers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.editorial.pictures import sync_body_images
from articles.models import ArticleAuthor, Image, Status
from articles.tests.factories import ArticleFactory, AuthorFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def story_with_images(**kwargs):
    lead, inline = ImageFactory(), ImageFactory()
    article = ArticleFactory(lead_image=lead, body=f'<figure data-image-id="{inline.pk}"></figure>', **kwargs)
    sync_body_images(article)
    return lead, inline, article


def test_public_lists_lead_body_and_author_photos_of_published_stories():
    lead, inline, article = story_with_images(published=True)
    author = AuthorFactory(photo=ImageFactory())
    ArticleAuthor.objects.create(article=article, author=author)
    ImageFactory()  # in the library, used nowhere
    assert set(Image.objects.public()) == {lead, inline, author.photo}


@pytest.mark.parametrize(
    "story",
    [
        {"status": Status.DRAFT},
        {"status": Status.IN_REVIEW},
        {"status": Status.APPROVED},
        {"status": Status.PUBLISHED, "publish_at_offset": timedelta(hours=2)},
        {"status": Status.UNPUBLISHED, "publish_at_offset": -timedelta(days=1)},
        {"status": Status.KILLED, "publish_at_offset": -timedelta(days=1)},
    ],
    ids=["draft", "in-review", "approved", "scheduled", "unpublished", "killed"],
)
def test_images_used_only_by_unpublished_stories_are_never_public(story):
    offset = story.pop("publish_at_offset", None)
    publish_at = timezone.now() + offset if offset is not None else None
    lead, inline, article = story_with_images(publish_at=publish_at, **story)
    author = AuthorFactory(photo=ImageFactory())
    ArticleAuthor.objects.create(article=article, author=author)
    assert not Image.objects.public().exists()


def test_image_shared_by_a_draft_and_a_published_story_is_public_once():
    lead, _, _ = story_with_images()
    ArticleFactory(published=True, lead_image=lead)
    assert list(Image.objects.public().filter(pk=lead.pk)) == [lead]


def test_rendition_view_serves_public_images_and_hides_draft_ones(client):
    public_lead, _, _ = story_with_images(published=True)
    draft_lead, _, _ = story_with_images()
    response = client.get(f"/images/{public_lead.pk}/16x9-w640.webp")
    assert response.status_code == 302
    assert response["Location"].startswith("/media/renditions/")
    assert client.get(f"/images/{draft_lead.pk}/16x9-w640.webp").status_code == 404
    assert client.get(f"/images/{public_lead.pk}/16x9-w641.webp").status_code == 404
    assert client.get(f"/images/{public_lead.pk}/16x9-w640.gif").status_code == 404
    assert client.get("/images/999999/16x9-w640.webp").status_code == 404


def test_staff_see_renditions_of_draft_images(client):
    draft_lead, _, _ = story_with_images()
    client.force_login(UserFactory(is_staff=True))
    response = client.get(f"/images/{draft_lead.pk}/1x1-w320.jpeg")
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


def test_damaged_file_in_storage_is_a_404_not_a_500(client):
    lead, _, _ = story_with_images(published=True)
    with open(lead.file.path, "wb") as handle:
        handle.write(b"not a picture any more")
    assert client.get(f"/images/{lead.pk}/free-w320.webp").status_code == 404


@pytest.mark.parametrize(("fmt", "content_type"), [("webp", "image/webp"), ("jpeg", "image/jpeg")])
def test_media_are_served_with_their_type_and_nosniff(client, fmt, content_type):
    lead, _, _ = story_with_images(published=True)
    location = client.get(f"/images/{lead.pk}/free-w320.{fmt}")["Location"]
    response = client.get(location)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    original = client.get(lead.file.url)
    assert original["Content-Type"] == "image/jpeg" and original["X-Content-Type-Options"] == "nosniff"


def test_media_view_refuses_anything_but_library_images(client, settings):
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "note.html").write_text("<script>alert(1)</script>")
    assert client.get("/media/images/note.html").status_code == 404
    assert client.get("/media/images/../../etc/passwd.jpg").status_code == 404
    assert client.get("/media/images/missing.jpg").status_code == 404
    assert client.get("/media/other/x.jpg").status_code == 404
