"""A story the user may only look at reads like a story, not like HTML source."""

import pytest
from django.urls import reverse

from articles.tests.factories import ImageFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db


def test_a_reporter_reads_another_story_with_its_formatting_and_pictures(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = ImageFactory(alt_text="A boat at dawn")
    story = article_in_state("in_review", body=(
        f'<p>First <strong>bold</strong> words.</p><figure data-image-id="{image.pk}"></figure>'
    ))
    client.force_login(user_in_role("Reporters", "rita"))
    html = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "<p>First <strong>bold</strong> words.</p>" in html
    assert "&lt;p&gt;" not in html
    assert 'alt="A boat at dawn"' in html
    assert 'name="body"' not in html and "Insert image from library" not in html


def test_a_viewer_is_told_who_edits_without_an_offer_to_take_over(client):
    story = article_in_state("in_review")
    editor = user_in_role("Editors", "ed", first_name="Ed", last_name="Itor")
    client.force_login(editor)
    client.get(reverse("admin:articles_article_change", args=[story.pk]))
    client.force_login(user_in_role("Reporters", "rita"))
    html = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "Being edited" in html and "Ed Itor" in html
    assert "Take over editing" not in html and "Saving over their work" not in html
