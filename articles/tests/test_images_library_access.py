"""Who may do what in the media library: every role uploads; usage lists the stories the user may see."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.editorial.pictures import sync_body_images
from articles.models import Image
from articles.tests.factories import ImageFactory, SuperuserFactory, article_in_state, image_bytes, user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def used_image():
    """One picture used by a live story (as lead) and by a killed one (in its body)."""
    image = ImageFactory()
    article_in_state("published", headline="Harbour reopens", lead_image=image)
    killed = article_in_state("killed", headline="Libellous claim withdrawn",
                              body=f'<figure data-image-id="{image.pk}"></figure>')
    sync_body_images(killed)
    return image


@pytest.mark.parametrize(
    "make_user",
    [lambda: user_in_role("Reporters"), lambda: user_in_role("Editors"), lambda: user_in_role("Publishers"),
     SuperuserFactory],
)
def test_every_newsroom_role_sees_every_story_using_a_picture(client, used_image, make_user):
    """Killed stories stay visible (read-only) inside the newsroom, so their use of a picture is named too."""
    client.force_login(make_user())
    page = client.get(f"/admin/articles/image/{used_image.pk}/change/").content.decode()
    assert "Harbour reopens" in page and "Libellous claim withdrawn" in page


def test_usage_lists_only_stories_the_viewer_may_see(used_image):
    from articles import editorial

    role_less = user_in_role("Editors")
    role_less.groups.clear()
    assert not editorial.visible_stories(role_less, used_image.stories()).exists()
    assert editorial.visible_stories(user_in_role("Reporters"), used_image.stories()).count() == 2


def test_a_picture_used_by_no_story_says_so(client):
    image = ImageFactory()
    client.force_login(user_in_role("Editors"))
    page = client.get(f"/admin/articles/image/{image.pk}/change/").content.decode()
    assert "Not used in any story yet." in page


@pytest.mark.parametrize("role", ["Reporters", "Editors", "Publishers"])
def test_every_role_may_upload_and_describe_a_picture(client, role):
    user = user_in_role(role)
    client.force_login(user)
    response = client.post("/admin/articles/image/add/", {
        "file": SimpleUploadedFile("phone.jpg", image_bytes()), "title": "Harbour", "alt_text": "Boats at dawn",
        "focal_x": "0.5", "focal_y": "0.5",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert image.uploaded_by == user and image.file.name.startswith("images/")
    response = client.post(f"/admin/articles/image/{image.pk}/change/", {
        "title": "Harbour", "alt_text": "Fishing boats at dawn", "focal_x": "0.2", "focal_y": "0.3",
    })
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.alt_text, image.focal_x) == ("Fishing boats at dawn", 0.2)


@pytest.mark.parametrize("role", ["Reporters", "Editors", "Publishers"])
def test_only_superusers_delete_pictures(client, role):
    image = ImageFactory()
    client.force_login(user_in_role(role))
    assert client.post(f"/admin/articles/image/{image.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()
