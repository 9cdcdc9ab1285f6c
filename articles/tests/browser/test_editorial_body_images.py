"""Editing a story in the rich-text editor keeps its library pictures (``<figure data-image-id>``)."""

import pytest

from articles.models import Article
from articles.tests.factories import ImageFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db(transaction=True)


def test_library_figures_survive_an_edit_in_the_browser(log_in, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user_in_role("Editors", "ed")
    image = ImageFactory(alt_text="A boat at dawn")
    story = article_in_state("draft", body=(
        f'<p>Intro.</p><figure data-image-id="{image.pk}"><figcaption>Our caption</figcaption></figure><p>End.</p>'
    ))
    page = log_in("ed")
    page.goto(live_server.url + f"/admin/articles/article/{story.pk}/change/")
    assert page.locator(".ProseMirror[contenteditable=true] figure img").get_attribute("alt") == "A boat at dawn"
    page.locator(".ProseMirror[contenteditable=true] p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(" More.")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert Article.objects.get(pk=story.pk).body == (
        f'<p>Intro.</p><figure data-image-id="{image.pk}"><figcaption>Our caption</figcaption></figure>'
        "<p>End. More.</p>"
    )
