"""The demo has real pictures: ``load_demo`` paints lead images for several stories, once, through the upload path."""

import pytest
from django.core.management import call_command
from PIL import Image as PILImage

from articles.images.demo import CREDIT, PICTURES
from articles.models import Article, Image
from articles.reader.demo import AUTHORS as DEMO_AUTHORS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def load_demo():
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))


def test_demo_stories_get_described_lead_images_once():
    load_demo()
    stories = Article.objects.filter(source="demo", lead_image__isnull=False).select_related("lead_image")
    assert {story.slug for story in stories} == {slug for slug, *_ in PICTURES}
    for story in stories:
        image = story.lead_image
        assert image.credit == CREDIT and image.alt_text.strip() and image.caption
        assert image.file.name.startswith("images/") and image.file.name.endswith(".jpg")
        assert (image.width, image.height) == (1600, 1000) and image.file_size == image.file.size
        with image.file.open("rb") as handle, PILImage.open(handle) as stored:
            assert not stored.getexif()
            colours = stored.convert("RGB").resize((200, 125)).getcolors(maxcolors=100_000)
            assert colours is not None and len(colours) > 500, "a photograph-like picture, not a flat colour"
    files = {image.file.name for image in Image.objects.all()}
    load_demo()
    assert Image.objects.count() == len(PICTURES) + len(DEMO_AUTHORS)  # lead pictures, then author portraits
    assert {image.file.name for image in Image.objects.all()} == files


def test_demo_story_pages_show_the_lead_image_and_its_renditions(client):
    load_demo()
    story = Article.objects.published().filter(lead_image__credit=CREDIT).first()
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'srcset="/images/{story.lead_image_id}/free-w320.webp 320w' in page
    assert story.lead_image.alt_text in page
    response = client.get(f"/images/{story.lead_image_id}/16x9-w640.webp")
    assert response.status_code == 302
    media = client.get(response["Location"])
    assert media["Content-Type"] == "image/webp"
