from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Status
from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_returns_only_live_stories():
    live = ArticleFactory(published=True)
    now = timezone.now()
    hidden = [
        ArticleFactory(status=Status.DRAFT),
        ArticleFactory(status=Status.IN_REVIEW),
        ArticleFactory(status=Status.APPROVED),
        ArticleFactory(status=Status.UNPUBLISHED, publish_at=now - timedelta(days=1)),
        ArticleFactory(status=Status.KILLED, publish_at=now - timedelta(days=1)),
        ArticleFactory(status=Status.PUBLISHED, publish_at=now + timedelta(minutes=1)),
        ArticleFactory(status=Status.DRAFT, publish_at=now - timedelta(days=1)),
    ]
    result = list(Article.objects.published())
    assert result == [live]
    assert not set(result) & set(hidden)


def test_scheduled_story_becomes_live_when_its_time_comes(time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    story = ArticleFactory(status=Status.PUBLISHED, publish_at=start + timedelta(seconds=1))
    assert story not in Article.objects.published()
    assert story in Article.objects.scheduled()
    time_machine.move_to(start + timedelta(seconds=1), tick=False)
    assert story in Article.objects.published()


def test_database_refuses_published_without_time():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(status=Status.PUBLISHED, publish_at=None)
