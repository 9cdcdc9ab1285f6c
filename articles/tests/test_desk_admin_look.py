"""One admin look: the home leads with "Write a story", the name shows once, no empty columns, one time format."""

import pytest
from django.utils import timezone

from articles.tests.factories import ArticleFactory, user_in_role

pytestmark = pytest.mark.django_db


def test_the_admin_home_offers_write_a_story_first_without_empty_columns(client):
    client.force_login(user_in_role("Reporters", "rep"))

    html = client.get("/admin/").content.decode()

    assert html.index("Write a story") < html.index("newsroom-dashboard")
    assert "Recent actions" not in html and "Taggit" not in html
    assert "The Newsroom · Newsroom" not in html and "<title>Newsroom | The Newsroom</title>" in html


def test_the_story_list_filters_by_a_typed_tag_and_lists_no_tags(client):
    editor = user_in_role("Editors", "ed")
    ArticleFactory(headline="About floods", tags=["Floods"])
    ArticleFactory(headline="About rain", tags=["Rain"])
    client.force_login(editor)

    everything = client.get("/admin/articles/article/").content.decode()
    floods = client.get("/admin/articles/article/", {"tag": "floods"}).content.decode()

    assert 'name="tag"' in everything and "?tags__id__exact=" not in everything
    assert "About floods" in floods and "About rain" not in floods



def test_dates_in_the_story_list_use_the_one_newsroom_format(client):
    client.force_login(user_in_role("Editors", "ed"))
    story = ArticleFactory(published=True)

    html = client.get("/admin/articles/article/").content.decode()

    assert timezone.localtime(story.publish_at).strftime("%-d %b %Y, %H:%M") in html


def test_the_folded_checklist_heading_says_how_many_rules_are_left_to_fix(client, settings):
    from django.urls import reverse

    from articles.editorial import checklist
    from articles.tests.factories import article_in_state

    settings.PUBLISH_CHECKLIST = ["byline", "section", "lead_picture", "standfirst", "word_count", "placeholders"]
    story = article_in_state("in_review", dek="")
    failing = [name for name, _, message in checklist.checklist_results(story) if message]
    client.force_login(user_in_role("Editors", "ed"))

    html = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()

    hint = f'Publish checklist <span class="desk-fold-hint checklist-to-fix">({len(failing)} to fix)</span>'
    assert failing and hint in html
