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


def test_saving_and_republishing_keep_body_images_in_step(client):
    from django.urls import reverse

    from articles import editorial
    from articles.editorial import take_snapshot
    from articles.tests.factories import article_in_state, user_in_role

    first, second = ImageFactory(), ImageFactory()
    story = article_in_state("published", body=f'<figure data-image-id="{first.pk}"></figure>')
    publisher = user_in_role("Publishers")
    edit = take_snapshot(story) | {"body": f'<figure data-image-id="{second.pk}"></figure>'}
    editorial.save_pending_edit(article=story, user=publisher, expected_version=story.version, snapshot=edit)
    editorial.republish_article(article=story, user=publisher)
    assert list(story.body_images.all()) == [second]
    draft = article_in_state("draft", body=f'<figure data-image-id="{first.pk}"></figure>')
    from articles.tests.test_admin_stale_edit import form_data

    client.force_login(publisher)
    url = reverse("admin:articles_article_change", args=[draft.pk])
    data = form_data(client.get(url))
    data["dek"] = "Changed"
    assert client.post(url, data).status_code == 302
    assert list(draft.body_images.all()) == [first]
