from datetime import datetime, timezone as dt_timezone

import pytest

from articles.models import Article
from articles.tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_slug_comes_from_headline_and_is_unique():
    first = ArticleFactory(headline="Rice exports rise")
    second = ArticleFactory(headline="Rice exports rise")
    assert first.slug == "rice-exports-rise"
    assert second.slug == "rice-exports-rise-2"


def test_slug_does_not_follow_later_headline_changes():
    article = ArticleFactory(headline="Original headline")
    article.headline = "A rewritten headline"
    article.save()
    assert article.slug == "original-headline"


def test_every_save_increments_version():
    article = ArticleFactory()
    first = article.version
    article.save()
    article.save(update_fields=["headline"])
    article.refresh_from_db()
    assert article.version == first + 2


def test_word_count_and_reading_time():
    article = ArticleFactory(body="<p>" + " ".join(["word"] * 461) + "</p><p>end</p>")
    assert article.word_count == 462
    assert article.reading_time == 3


def test_absolute_url_uses_publication_date_and_slug():
    article = ArticleFactory(
        headline="Hun Sen: China trustworthy friend", published=True,
        publish_at=datetime(2024, 5, 23, 3, 0, tzinfo=dt_timezone.utc),
    )
    assert article.get_absolute_url() == "/2024/05/23/hun-sen-china-trustworthy-friend/"


def test_byline_keeps_author_order():
    second, first = AuthorFactory(name="Zed Last"), AuthorFactory(name="Amy First")
    article = ArticleFactory(authors=[second, first])
    fetched = Article.objects.with_related().get(pk=article.pk)
    assert [a.name for a in fetched.byline_authors] == ["Zed Last", "Amy First"]


def test_story_addresses_are_remembered_per_script_prefix():
    from datetime import date

    from django.urls import set_script_prefix

    from articles.models.article import story_path

    day = date(2026, 11, 30)
    assert story_path(day, "ferry") == "/2026/11/30/ferry/"
    set_script_prefix("/news/")
    try:
        assert story_path(day, "ferry") == "/news/2026/11/30/ferry/"
    finally:
        set_script_prefix("/")
    assert story_path(day, "ferry") == "/2026/11/30/ferry/"
