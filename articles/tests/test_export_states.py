"""Every workflow state survives export → import, and the system-only state restore never publishes."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import editorial
from articles.models import Article, AuditEntry, Status
from articles.tests.factories import ArticleFactory
from articles.tests.import_helpers import run_import
from articles.tests.test_export_roundtrip import empty_database, export

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_state():
    ArticleFactory(headline="Still a draft")
    editorial.submit_article(article=ArticleFactory(headline="Waiting for review"), user=None)
    approved = editorial.submit_article(article=ArticleFactory(headline="Approved copy"), user=None)
    editorial.approve_article(article=approved, user=None)
    live = editorial.publish_article(article=ArticleFactory(headline="Live story"), at=timezone.now() - timedelta(days=1))
    taken_down = editorial.publish_article(article=ArticleFactory(headline="Taken down"),
                                          at=timezone.now() - timedelta(days=3))
    editorial.unpublish_article(article=taken_down, user=None)
    killed = editorial.publish_article(article=ArticleFactory(headline="Legal kill"),
                                      at=timezone.now() - timedelta(days=5))
    editorial.kill_article(article=killed, user=None, note="Court order 12/2026")


def states():
    return {a.headline: (a.status, a.publish_at, a.first_published_at, a.kill_reason, a.is_live)
            for a in Article.objects.all()}


@pytest.mark.parametrize("status_option", ["draft", "published"])
def test_every_state_round_trips_through_jsonl(every_state, tmp_path, status_option):
    before = states()
    assert {s for s, *_ in before.values()} == set(Status.values)
    path = tmp_path / "export.jsonl"
    call_command("export_articles", format="jsonl", output=str(path), verbosity=0)
    empty_database()
    code, out, err = run_import(path, status=status_option)
    assert code == 0, err
    after = states()
    if status_option == "published":
        assert after == before
    else:
        # Without --status published nothing goes live, but every state that is not public comes back.
        assert after["Live story"][0] == Status.DRAFT and not after["Live story"][4]
        del before["Live story"], after["Live story"]
        assert after == before
    killed = Article.objects.get(headline="Legal kill")
    entry = AuditEntry.objects.filter(article=killed).get()
    assert (entry.user, entry.actor, entry.action, entry.to_status) == (None, "System", "import", Status.KILLED)
    assert entry.note == "Court order 12/2026"
    assert not Article.objects.published().filter(headline__in=["Taken down", "Legal kill"]).exists()


def test_ninjs_round_trips_killed_as_canceled(every_state, tmp_path):
    items = export(format="ninjs")
    assert {i["headlines"][0]["value"]: i["pubstatus"] for i in items}["Legal kill"] == "canceled"
    path = tmp_path / "export.ninjs"
    path.write_text("\n".join(json.dumps(i) for i in items), "utf-8")
    empty_database()
    code, _, err = run_import(path, status="published")
    assert code == 0, err
    found = {a.headline: a.status for a in Article.objects.all()}
    assert found["Legal kill"] == Status.KILLED and found["Live story"] == Status.PUBLISHED
    assert found["Waiting for review"] == Status.DRAFT  # ninjs has no pubStatus for review: withheld


def test_restore_imported_state_refuses_to_publish_and_leaves_live_stories_alone():
    draft = ArticleFactory()
    with pytest.raises(editorial.InvalidTransition):
        editorial.restore_imported_state(article=draft, status=Status.PUBLISHED)
    live = editorial.publish_article(article=ArticleFactory(), at=timezone.now() - timedelta(hours=1))
    result = editorial.restore_imported_state(article=live, status=Status.KILLED, note="wire said so")
    assert result.article.status == Status.PUBLISHED and not result.happened
    restored = editorial.restore_imported_state(article=draft, status=Status.APPROVED)
    assert restored.article.status == Status.APPROVED and restored.happened
    assert restored.article.revisions.filter(transition="import").exists()


def test_an_update_does_not_take_a_live_story_down(tmp_path):
    path = tmp_path / "wire.jsonl"
    item = {"id": "k-1", "source": "wire", "headline": "Wire story", "body_text": "Text.", "status": "published",
            "version": "1", "published_at": (timezone.now() - timedelta(hours=2)).isoformat()}
    path.write_text(json.dumps(item) + "\n", "utf-8")
    run_import(path, status="published")
    path.write_text(json.dumps({**item, "version": "2", "status": "killed"}) + "\n", "utf-8")
    code, out, _ = run_import(path, status="published", update=True)
    assert code == 0 and "1 updated" in out
    assert Article.objects.get().is_live


def test_first_publication_and_the_readers_updated_time_round_trip(tmp_path):
    story = editorial.publish_article(article=ArticleFactory(headline="Updated story"),
                                     at=timezone.now() - timedelta(days=1))
    first, updated = timezone.now() - timedelta(days=9), timezone.now() - timedelta(hours=3)
    Article.objects.filter(pk=story.pk).update(first_published_at=first, updated_at=updated)
    path = tmp_path / "export.jsonl"
    call_command("export_articles", format="jsonl", output=str(path), verbosity=0)
    empty_database()
    run_import(path, status="published")
    again = Article.objects.get()
    assert (again.first_published_at, again.updated_at, again.is_live) == (first, updated, True)
