"""An editor inserts a picture from the media library into the body; it is stored as a reference."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from articles.tests.factories import ImageFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_inserts_a_library_picture_from_the_body_editor(page, live_server, settings, tmp_path,
                                                                   screenshot_dir):
    settings.MEDIA_ROOT = tmp_path
    user_in_role("Editors", "ed")
    ImageFactory(title="Council chamber", alt_text="Empty seats in the chamber")
    boat = ImageFactory(title="Fishing boat at dawn", alt_text="A boat at dawn")
    story = article_in_state("draft", body="<p>First paragraph.</p><p>Second paragraph.</p>")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.goto(live_server.url + f"/admin/articles/article/{story.pk}/change/")

    page.locator(".ProseMirror[contenteditable=true] p").first.click()
    page.keyboard.press("End")
    page.click("text=Insert image from library")
    page.fill(".image-picker-search", "boat")
    expect(page.locator(".image-picker-choice")).to_have_count(1)
    choice = page.locator(f".image-picker-choice[data-image-id='{boat.pk}']")
    page.screenshot(path=str(screenshot_dir / "editorial_insert_image_picker.png"), full_page=False)
    choice.click()
    assert page.locator(".ProseMirror[contenteditable=true] figure img").get_attribute("alt") == "A boat at dawn"
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    body = Article.objects.get(pk=story.pk).body
    assert f'<figure data-image-id="{boat.pk}"></figure>' in body
    assert body.index("First paragraph") < body.index("data-image-id") < body.index("Second paragraph")
