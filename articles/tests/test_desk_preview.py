"""The live preview renders what is on the writer's screen with the readers' template, from memory."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Autosave, Revision
from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/desk/preview/"


def test_the_live_preview_shows_unsaved_text_and_writes_nothing(client):
    editor = user_in_role("Editors", "ed")
    story = ArticleFactory(headline="Saved headline", tags=["Old tag"])
    author = AuthorFactory(name="Nina Typed")
    before = Article.objects.values().get(pk=story.pk)
    client.force_login(editor)

    response = client.post(URL, {
        "desk_article": story.pk, "headline": "Headline on screen", "kicker": "Analysis",
        "body": "<h2>Sub</h2><p>Words typed a second ago.</p><script>alert(1)</script>",
        "tags": "Floods, Rain", "section": SectionFactory(name="Weather").pk,
        "credits-TOTAL_FORMS": 1, "credits-0-author": author.pk, "credits-0-role": "byline",
    })
    html = response.content.decode()

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Headline on screen" in html and "Words typed a second ago." in html and "<script>alert" not in html
    assert "Preview — not published" in html and "Published <time" not in html
    assert "Floods" in html and "Old tag" not in html and "Nina Typed" in html and "Weather" in html
    assert Article.objects.values().get(pk=story.pk) == before
    assert not Revision.objects.exists() and not Autosave.objects.exists()


def test_a_story_never_saved_can_be_previewed(client):
    reporter = user_in_role("Reporters", "rep")
    client.force_login(reporter)

    response = client.post(URL, {"headline": "First words", "body": "<p>One two three.</p>", "tags": "A"})

    assert response.status_code == 200 and "First words" in response.content.decode()
    assert not Article.objects.exists()


def test_the_live_preview_is_refused_to_those_who_may_not_edit(client):
    reporter = user_in_role("Reporters", "rep")
    story = ArticleFactory(headline="Someone else's")
    client.force_login(reporter)

    assert client.post(URL, {"desk_article": story.pk, "headline": "x"}).status_code == 403
    assert client.post(URL, {"desk_article": "abc"}).status_code == 404
    client.logout()
    assert client.post(URL, {"headline": "x"}).status_code == 302  # to the login page


def test_the_saved_preview_and_a_shared_link_carry_banners_and_never_say_published(client):
    publisher = user_in_role("Publishers", "pub")
    story = article_in_state("approved", headline="Approved story")
    client.force_login(publisher)

    saved = client.get(reverse("admin:articles_article_preview", args=[story.pk])).content.decode()
    from articles.people.sharing import create_share_link

    link = create_share_link(article=story, user=user_in_role("Publishers", "pub"), hours=2)
    expires = link.expires_at
    client.logout()
    shared = client.get(reverse("admin:articles_article_shared", args=[link.token])).content.decode()

    assert "Preview — not published" in saved
    assert "Shared draft — expires " in shared and f"{timezone.localtime(expires):%H:%M}" in shared
    for html in (saved, shared):
        assert "Published <time" not in html and "Not published" in html


def test_odd_numbers_in_the_posted_form_are_ignored_not_a_server_error(client):
    client.force_login(user_in_role("Reporters", "rep"))

    response = client.post(URL, {"headline": "Odd", "section": "²", "lead_image": "9" * 40,
                                 "credits-TOTAL_FORMS": "2", "credits-0-author": "9" * 40, "credits-1-author": "³"})

    assert response.status_code == 200 and "Odd" in response.content.decode()
    assert client.post(URL, {"desk_article": "²"}).status_code == 404
