"""An editor's preview is rendered without touching what readers get: no cache flush, no re-index."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles import editorial
from articles.page_store import SEQUENCE
from articles.models import ArticleSearchDocument
from articles.editorial import take_snapshot
from articles.tests.factories import AuthorFactory, article_in_state, rewrite, user_in_role

pytestmark = pytest.mark.django_db


def test_previewing_a_pending_edit_leaves_the_public_page_cache_and_search_alone(client):
    editor = user_in_role("Editors", "ed")
    story = article_in_state("published", headline="Live version", authors=[AuthorFactory(name="Ann Live")])
    snapshot = take_snapshot(story) | {"headline": "Working version", "tags": ["Draft tag"], "credits": []}
    editorial.save_pending_edit(article=story, user=editor, expected_version=story.version, snapshot=snapshot)
    cache.set(SEQUENCE, 1000, None)
    document = ArticleSearchDocument.objects.filter(article=story).values().first()

    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_preview", args=[story.pk]))

    assert response.status_code == 200 and "Working version" in response.content.decode()
    assert cache.get(SEQUENCE) == 1000
    assert ArticleSearchDocument.objects.filter(article=story).values().first() == document
    # Outside a preview the same kind of change still invalidates cached pages.
    rewrite(story, headline="Changed for real")
    assert cache.get(SEQUENCE) > 1000
