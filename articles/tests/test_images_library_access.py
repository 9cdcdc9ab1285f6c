"""Who may do what in the media library: every role uploads; usage lists only stories the user may see."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.images import sync_body_images
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


@pytest.mark.parametrize("role", ["Reporters", "Editors"])
def test_killed_stories_are_not_named_to_roles_that_may_not_see_them(client, used_image, role):
    client.force_login(user_in_role(role))
    page = client.get(f"/admin/articles/image/{used_image.pk}/change/").content.decode()
    assert "Harbour reopens" in page
    assert "Libellous claim withdrawn" not in page


@pytest.mark.parametrize("make_user", [lambda: user_in_role("Publishers"), SuperuserFactory])
def test_publishers_and_superusers_see_killed_stories_in_usage(client, used_image, make_user):
    client.force_login(make_user())
    page = client.get(f"/admin/articles/image/{used_image.pk}/change/").content.decode()
    assert "Harbour reopens" in page and "Libellous claim withdrawn" in page


def test_a_picture_used_only_by_a_killed_story_says_so_without_naming_it(client):
    image = ImageFactory()
    article_in_state("killed", headline="Libellous claim withdrawn", lead_image=image)
    client.force_login(user_in_role("Editors"))
    page = client.get(f"/admin/articles/image/{image.pk}/change/").content.decode()
    assert "Libellous claim withdrawn" not in page
    assert "Not used in any story you may see." in page


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
