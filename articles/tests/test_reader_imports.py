"""Imported stories reach the reader site like any other: searchable by tags and authors, pages fresh.

The import path writes tags and credits with ``bulk_create`` (no signals), so these tests pin
that the reader site still sees them once the import commits.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.importers.base import Credit, StoryRecord, save_story
from articles.models import ArticleSearchDocument, Status

pytestmark = pytest.mark.django_db


def record(**overrides):
    values = dict(
        headline="Imported harvest story", body_html="<p>Farmers near Battambang.</p>", source="wire",
        source_id="item-1", tags=["Paddy"], credits=[Credit("Kanha Sok")],
        published_at=timezone.now() - timedelta(hours=1), version="1",
    )
    return StoryRecord(**{**values, **overrides})


def found(client, query):
    return [a.headline for a in client.get("/search/", {"q": query}).context_data["articles"]]


def test_a_published_import_is_searchable_by_tag_and_author(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        save_story(record(), status=Status.PUBLISHED)
    assert found(client, "paddy") == ["Imported harvest story"]
    assert found(client, "kanha") == ["Imported harvest story"]
    assert "Imported harvest story" in client.get("/").content.decode()


def test_an_update_import_that_changes_credits_reindexes_the_story(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        save_story(record(), status=Status.PUBLISHED)
    client.get("/search/", {"q": "kanha"})
    with django_capture_on_commit_callbacks(execute=True):
        save_story(record(credits=[Credit("Vichet Roeun")], tags=["Paddy", "Irrigation"], version="2"),
                   status=Status.PUBLISHED, update=True)
    document = ArticleSearchDocument.objects.get()
    assert "Vichet Roeun" in document.standfirst_text and "Kanha Sok" not in document.standfirst_text
    assert found(client, "vichet") == ["Imported harvest story"]
    assert found(client, "kanha") == []
