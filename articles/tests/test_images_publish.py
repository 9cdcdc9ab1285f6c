"""The publish check: a story whose images lack alt text cannot go out."""

import pytest

from articles.images import images_missing_alt, missing_alt_message
from articles.tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_story_with_described_images_may_be_published():
    lead, inline = ImageFactory(alt_text="A boat"), ImageFactory(alt_text="A net")
    article = ArticleFactory(lead_image=lead, body=f'<figure data-image-id="{inline.pk}"></figure>')
    assert images_missing_alt(article) == []


def test_story_without_images_may_be_published():
    assert images_missing_alt(ArticleFactory()) == []


def test_lead_without_alt_blocks_publication():
    lead = ImageFactory(alt_text="   ", title="Harbour at dawn")
    article = ArticleFactory(lead_image=lead)
    assert images_missing_alt(article) == [lead]
    message = missing_alt_message(images_missing_alt(article))
    assert "Add alt text" in message and "Harbour at dawn" in message and f"#{lead.pk}" in message


def test_body_image_without_alt_blocks_publication_even_before_body_images_is_synced():
    described, undescribed = ImageFactory(), ImageFactory(alt_text="")
    article = ArticleFactory(
        lead_image=described, body=f'<p>x</p><figure data-image-id="{undescribed.pk}"></figure>'
    )
    assert article.body_images.count() == 0
    assert images_missing_alt(article) == [undescribed]
    undescribed.alt_text = "Rice fields"
    undescribed.save()
    assert images_missing_alt(article) == []
