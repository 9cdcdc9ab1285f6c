"""Autosave keeps a writer's unsaved text beside the story: never the story's version, never readers'."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles.editorial.autosave import autosave_for, save_autosave
from articles.models import Article, Autosave, EditorialComment
from articles.tests.factories import ArticleFactory, user_in_role

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/desk/autosave/"


def post_autosave(client, story, **fields):
    data = {"desk_article": story.pk if story else "", "desk_base_version": story.version if story else 0,
            "headline": "Typed headline", "body": "<p>Typed but never saved.</p>", **fields}
    return client.post(URL, data)


def test_an_autosave_never_changes_the_story_or_its_version(client):
    reporter = user_in_role("Reporters", "rep")
    story = ArticleFactory(created_by=reporter, headline="Saved headline")
    before = Article.objects.values().get(pk=story.pk)
    client.force_login(reporter)

    response = post_autosave(client, story)

    assert response.status_code == 200 and response.json()["stored"] is True
    assert Article.objects.values().get(pk=story.pk) == before
    assert story.revisions.count() == 0
    kept = autosave_for(user=reporter, article=story)
    assert kept.fields["body"] == "<p>Typed but never saved.</p>" and kept.base_version == story.version


def test_an_autosave_never_reaches_readers(client):
    publisher = user_in_role("Publishers", "pub")
    story = ArticleFactory(published=True, headline="Live headline")
    client.force_login(publisher)
    post_autosave(client, story, headline="Secret working headline", body="<p>SECRET-DRAFT-WORDS</p>")
    client.logout()

    page = client.get(story.get_absolute_url()).content.decode()
    feed = client.get("/rss/").content.decode()
    search = client.get("/search/?q=working").content.decode()

    assert "Live headline" in page and "Live headline" in feed
    for text in (page, feed, search):
        assert "SECRET-DRAFT-WORDS" not in text and "Secret working headline" not in text


def test_an_autosave_is_refused_for_a_story_the_user_may_not_edit(client):
    reporter = user_in_role("Reporters", "rep")
    someone_elses = ArticleFactory(headline="Not yours")
    client.force_login(reporter)

    response = post_autosave(client, someone_elses)

    assert response.status_code == 403
    assert not Autosave.objects.exists()
    with pytest.raises(PermissionDenied):
        save_autosave(user=reporter, article=someone_elses, base_version=1, fields={"headline": "x"})
    assert not Autosave.objects.exists()


def test_a_stale_autosave_never_overwrites_a_newer_one():
    editor = user_in_role("Editors", "ed")
    story = ArticleFactory(headline="v1")
    save_autosave(user=editor, article=story, base_version=5, fields={"body": "<p>newer</p>"})

    kept, stored = save_autosave(user=editor, article=story, base_version=4, fields={"body": "<p>old tab</p>"})

    assert stored is False and kept.fields["body"] == "<p>newer</p>"
    assert autosave_for(user=editor, article=story).fields["body"] == "<p>newer</p>"
    _, stored = save_autosave(user=editor, article=story, base_version=5, fields={"body": "<p>newest</p>"})
    assert stored is True and autosave_for(user=editor, article=story).fields["body"] == "<p>newest</p>"


def test_a_story_never_saved_autosaves_under_its_draft_id_and_is_given_back(client):
    reporter = user_in_role("Reporters", "rep")
    client.force_login(reporter)

    response = post_autosave(client, None, desk_draft_key="draft-12345678", headline="Brand new")
    got = client.get(URL, {"desk_draft_key": "draft-12345678"}).json()["autosave"]

    assert response.status_code == 200 and not Article.objects.exists()
    assert got["fields"]["headline"] == "Brand new" and got["time_label"]
    assert client.get(URL, {"desk_draft_key": "another-1234567"}).json()["autosave"] is None


def test_autosaves_are_private_to_their_writer(client):
    one, other = user_in_role("Editors", "one"), user_in_role("Editors", "other")
    story = ArticleFactory()
    save_autosave(user=one, article=story, base_version=story.version, fields={"body": "<p>mine</p>"})
    client.force_login(other)

    assert client.get(URL, {"desk_article": story.pk}).json()["autosave"] is None


def test_bad_autosaves_get_a_clear_error_and_store_nothing(client):
    reporter = user_in_role("Reporters", "rep")
    client.force_login(reporter)

    assert client.post(URL, {"desk_draft_key": "no", "headline": "x"}).status_code == 400
    assert client.post(URL, {"desk_draft_key": "draft-12345678", "desk_base_version": "x"}).status_code == 400
    assert client.post(URL, {"desk_article": "99999999999999999999"}).status_code == 404
    assert not Autosave.objects.exists()
    # A version number no database column holds is taken as the largest one, not a server error.
    assert client.post(URL, {"desk_draft_key": "draft-12345678", "desk_base_version": "9" * 30}).status_code == 200


def test_saving_the_story_clears_the_autosave_and_keeps_the_comment_being_typed(client):
    editor = user_in_role("Editors", "ed")
    story = ArticleFactory(headline="Before")
    save_autosave(user=editor, article=story, base_version=story.version, fields={"headline": "After"})
    client.force_login(editor)
    change = reverse("admin:articles_article_change", args=[story.pk])
    form = client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if isinstance(value, str)}
    data.update({"headline": "After", "slug": story.slug, "dek": story.dek, "body": story.body,
                 "section": story.section_id, "language": "en", "priority": "normal",
                 "credits-TOTAL_FORMS": 0, "credits-INITIAL_FORMS": 0, "corrections-TOTAL_FORMS": 0,
                 "corrections-INITIAL_FORMS": 0, "desk_comment": "Check the figures with the desk."})

    response = client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert Article.objects.get(pk=story.pk).headline == "After"
    assert not Autosave.objects.exists()
    assert EditorialComment.objects.get(article=story).text == "Check the figures with the desk."

