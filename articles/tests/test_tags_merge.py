"""Merging tags: every story re-tagged in one transaction, each an editorial write; 301s from the merged addresses."""

import pytest
from django.core.exceptions import ValidationError
from taggit.models import Tag

from articles.editorial.tags import merge_tags
from articles.models import AuditEntry, Revision, TagAlias, TagRedirect
from articles.tests.factories import ArticleFactory, article_in_state, user_in_role
from articles.tests.tag_helpers import tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return tag("Hun Sen"), tag("Samdech Hun Sen", aliases=["Samdech Techo"])


def test_merge_moves_every_story_and_records_each_write(pair):
    keep, merged = pair
    editor = user_in_role("Editors")
    stories = [ArticleFactory(published=True, tags=[merged]), ArticleFactory(tags=[merged, keep]),
               ArticleFactory(tags=[merged, "Politics"])]
    untouched = ArticleFactory(tags=[keep])
    versions = {story.pk: story.version for story in stories}
    assert merge_tags(sources=[merged], target=keep, user=editor) == 3
    for story in stories:
        story.refresh_from_db()
        assert "Hun Sen" in story.tags.names() and "Samdech Hun Sen" not in story.tags.names()
        assert story.version == versions[story.pk] + 1
        entry = AuditEntry.objects.get(article=story, action="tags")
        assert entry.user == editor and "Samdech Hun Sen into Hun Sen" in entry.note
        assert "Hun Sen" in Revision.objects.filter(article=story).latest("pk").snapshot["tags"]
    assert sorted(stories[2].tags.names()) == ["Hun Sen", "Politics"]
    assert not AuditEntry.objects.filter(article=untouched).exists()
    assert not Tag.objects.filter(pk=merged.pk).exists()


def test_merged_names_and_aliases_become_aliases_of_the_survivor(pair):
    keep, merged = pair
    merge_tags(sources=[merged], target=keep, user=None)
    assert set(TagAlias.objects.filter(tag=keep).values_list("name", flat=True)) == {"Samdech Hun Sen", "Samdech Techo"}


def test_merged_addresses_and_feeds_answer_301(client, pair):
    keep, merged = pair
    ArticleFactory(published=True, tags=[merged])
    older = tag("Hun Sen (old)")
    older.slug = "hun-sen-old-renamed"
    older.save()  # the older tag has an old address of its own
    merge_tags(sources=[merged, older], target=keep, user=None)
    for path in ["/tag/samdech-hun-sen/", "/tag/hun-sen-old/", "/tag/hun-sen-old-renamed/"]:
        response = client.get(path)
        assert response.status_code == 301 and response["Location"] == "/tag/hun-sen/", path
    assert client.get("/tag/samdech-hun-sen/rss/")["Location"] == "/tag/hun-sen/rss/"
    assert client.get("/tag/samdech-hun-sen/atom/")["Location"] == "/tag/hun-sen/atom/"
    assert client.get("/tag/samdech-hun-sen/?page=2")["Location"] == "/tag/hun-sen/?page=2"
    assert client.get("/tag/hun-sen/").status_code == 200
    assert TagRedirect.objects.filter(tag=keep).count() == 3


def test_a_live_story_with_a_pending_edit_is_retagged_in_both(pair):
    keep, merged = pair
    story = article_in_state("pending", tags=[merged])
    pending = Revision.objects.get(article=story, pending=True)
    assert "Samdech Hun Sen" in pending.snapshot["tags"]
    merge_tags(sources=[merged], target=keep, user=None)
    assert list(story.tags.names()) == ["Hun Sen"]
    new_pending = Revision.objects.get(article=story, pending=True)
    assert new_pending.pk != pending.pk
    assert new_pending.snapshot["tags"] == ["Hun Sen"]
    assert new_pending.snapshot["headline"].endswith("(revised)")  # the edit itself is kept


def test_a_pending_edit_alone_carrying_the_tag_is_retagged(pair):
    keep, merged = pair
    story = article_in_state("pending")
    pending = Revision.objects.get(article=story, pending=True)
    pending.snapshot = pending.snapshot | {"tags": ["Samdech Hun Sen"]}
    pending.save()
    merge_tags(sources=[merged], target=keep, user=None)
    assert Revision.objects.get(article=story, pending=True).snapshot["tags"] == ["Hun Sen"]
    assert AuditEntry.objects.filter(article=story, action="tags").exists()


def test_merging_a_tag_into_itself_is_refused(pair):
    keep, _ = pair
    with pytest.raises(ValidationError):
        merge_tags(sources=[keep], target=keep, user=None)
    assert Tag.objects.filter(pk=keep.pk).exists()


def test_a_failure_half_way_leaves_everything_as_it_was(pair, monkeypatch):
    keep, merged = pair
    stories = [ArticleFactory(tags=[merged]) for _ in range(3)]
    from articles.editorial import tags as editorial_tags

    calls = []
    real = editorial_tags.record_revision

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(editorial_tags, "record_revision", failing)
    with pytest.raises(RuntimeError):
        merge_tags(sources=[merged], target=keep, user=None)
    assert Tag.objects.filter(pk=merged.pk).exists()
    for story in stories:
        assert list(story.tags.names()) == ["Samdech Hun Sen"]
    assert not AuditEntry.objects.filter(action="tags").exists()
