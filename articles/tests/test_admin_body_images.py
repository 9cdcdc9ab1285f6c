"""Library picture references survive the rich-text editor (which drops attributes it does not know)."""

import pytest

from articles.admin.body import from_editor, to_editor
from articles.sanitize import clean_html
from articles.tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_references_round_trip_through_the_editor_format():
    image, other = ImageFactory(alt_text="A boat"), ImageFactory()
    body = clean_html(
        f'<p>Intro.</p><figure data-image-id="{image.pk}"></figure>'
        f'<figure data-image-id="{other.pk}"><figcaption>Our own caption</figcaption></figure>'
        f'<p>Inline <img data-image-id="{image.pk}" src="/media/a.jpg" alt="A boat"></p>'
    )
    shown = to_editor(body)
    assert "data-image-id" not in shown
    assert f'#image-{image.pk}" alt="A boat">' in shown and "Our own caption" in shown
    # What the editor sends back: the same pictures without our attribute (and maybe an empty caption).
    edited = shown.replace("</figure>", "<figcaption></figcaption></figure>", 1)
    assert clean_html(from_editor(clean_html(edited))) == body


def test_deleted_images_drop_out_and_plain_figures_are_kept():
    assert to_editor('<figure data-image-id="999999"></figure><p>x</p>') == "<p>x</p>"
    plain = '<figure><img src="https://example.com/a.jpg" alt="A"></figure>'
    assert from_editor(plain) == plain
