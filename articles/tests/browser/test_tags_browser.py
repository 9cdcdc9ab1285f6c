"""Tag suggestions from the story's own text, in a real browser: one click adds the canonical tag."""

import pytest

from articles.models import Article, TagAlias
from articles.tests.browser.test_desk import open_story
from articles.tests.factories import ArticleFactory, user_in_role

pytestmark = pytest.mark.django_db(transaction=True)


def test_suggest_from_text_offers_tags_named_in_the_story_and_adds_one(log_in, live_server):
    editor = user_in_role("Editors", "eda")
    ArticleFactory(published=True, tags=["Tonle Sap", "Football"])
    TagAlias.objects.create(tag=Article.objects.get().tags.get(name="Tonle Sap"), name="Great Lake")
    story = ArticleFactory(created_by=editor, headline="Fishers on the Great Lake", body="<p>A dry season.</p>")
    page = log_in("eda")
    open_story(page, live_server, story)
    page.get_by_role("button", name="Suggest tags from the text").click()
    offer = page.locator(".desk-tag-offer", has_text="Tonle Sap")
    offer.wait_for()
    assert page.locator(".desk-tag-offer", has_text="Football").count() == 0  # not in the text
    offer.click()
    assert "Tonle Sap" in page.locator(".desk-tags").inner_text()
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert list(Article.objects.get(pk=story.pk).tags.names()) == ["Tonle Sap"]
