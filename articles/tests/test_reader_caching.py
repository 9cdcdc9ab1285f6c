"""HTTP validators, 304s, the per-page cache and its invalidation.

Runs against whatever the default cache is: Redis when REDIS_URL is set (as in CI), local memory otherwise.
"""

import os
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from articles import editorial
from articles.tests.factories import ArticleFactory, UserFactory, rewrite

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_the_cache_is_redis_when_redis_url_is_set():
    backend = settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "newsroom.redis_cache.RedisCache"
    else:
        assert backend.endswith("LocMemCache")


@pytest.mark.parametrize("url", ["/", "/rss/", "/sitemap.xml", "/robots.txt", "/search/?q=story"])
def test_public_pages_have_validators_and_cache_control(client, url):
    ArticleFactory(published=True)
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"] and response["Last-Modified"]
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]


def test_conditional_get_answers_304(client):
    article = ArticleFactory(published=True)
    first = client.get(article.get_absolute_url())
    by_etag = get(client, article.get_absolute_url(), if_none_match=first["ETag"])
    assert by_etag.status_code == 304 and by_etag.content == b""
    by_date = get(client, article.get_absolute_url(), if_modified_since=first["Last-Modified"])
    assert by_date.status_code == 304
    assert get(client, article.get_absolute_url(), if_none_match='"something-else"').status_code == 200


def test_second_request_comes_from_the_page_cache(client, django_assert_max_num_queries):
    ArticleFactory(published=True)
    assert "X-Reader-Cache" not in client.get("/")
    with django_assert_max_num_queries(1):
        response = client.get("/")
    assert response["X-Reader-Cache"] == "hit"


def test_publishing_makes_pages_fresh_at_once(client):
    ArticleFactory(published=True, headline="Already live")
    etag = client.get("/")["ETag"]
    client.get("/")
    draft = ArticleFactory(headline="Just published now")
    assert "Just published now" not in client.get("/").content.decode()
    editorial.publish_article(article=draft)
    response = get(client, "/", if_none_match=etag)
    assert response.status_code == 200
    assert "Just published now" in response.content.decode()


def test_editing_a_live_story_makes_pages_fresh(client):
    article = ArticleFactory(published=True, headline="Original headline", tags=["Rice"])
    for url in ["/", article.get_absolute_url(), "/tag/rice/", "/rss/"]:
        client.get(url)
    article = rewrite(article, headline="Corrected headline")
    for url in ["/", article.get_absolute_url(), "/tag/rice/", "/rss/"]:
        page = client.get(url).content.decode()
        assert "Corrected headline" in page and "Original headline" not in page, url


def test_correcting_and_retagging_make_pages_fresh(client):
    article = ArticleFactory(published=True, tags=["Rice"])
    client.get(article.get_absolute_url())
    client.get("/tag/rice/")
    editorial.add_correction(article=article, user=UserFactory(is_superuser=True), kind="correction",
                             text="Fresh correction text")
    assert "Fresh correction text" in client.get(article.get_absolute_url()).content.decode()
    rewrite(article, tags=[])
    assert client.get("/tag/rice/").status_code == 404


def test_deleting_a_story_makes_pages_fresh(client):
    article = ArticleFactory(published=True, headline="Soon deleted")
    client.get("/")
    editorial.delete_stories([article], user=None)
    assert "Soon deleted" not in client.get("/").content.decode()


def test_unpublishing_makes_pages_fresh(client):
    unpublish = getattr(editorial, "unpublish_article", None)
    if unpublish is None:
        pytest.skip("the workflow has no unpublish_article yet")
    article = ArticleFactory(published=True, headline="Soon unpublished")
    client.get("/")
    unpublish(article=article, user=UserFactory(username="chief", is_superuser=True))
    assert "Soon unpublished" not in client.get("/").content.decode()


def test_scheduled_story_appears_when_its_time_comes_without_any_save(client):
    ArticleFactory(published=True, headline="Live already")
    ArticleFactory(published=True, headline="Embargoed story", publish_at=timezone.now() + timedelta(minutes=5))
    first = client.get("/")
    assert "Embargoed story" not in first.content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = get(client, "/", if_none_match=first["ETag"])
        assert response.status_code == 200
        assert "Embargoed story" in response.content.decode()


def test_drafts_do_not_flush_the_cache(client):
    ArticleFactory(published=True)
    client.get("/")
    ArticleFactory(headline="A draft being typed")
    assert client.get("/")["X-Reader-Cache"] == "hit"


def test_error_pages_and_admin_are_never_cached(client, admin_client):
    assert client.get("/no-such-page/").get("ETag") is None
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert response.get("ETag") is None and "X-Reader-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_cold_cache_still_serves(client):
    ArticleFactory(published=True, headline="After a flush")
    client.get("/")
    cache.clear()
    assert "After a flush" in client.get("/").content.decode()


def test_cached_feeds_keep_their_content_type(client):
    ArticleFactory(published=True)
    first = client.get("/rss/")
    second = client.get("/rss/")
    assert second["X-Reader-Cache"] == "hit"
    assert second["Content-Type"] == first["Content-Type"] and second.content == first.content


def test_unknown_query_parameters_are_served_but_not_cached(client):
    ArticleFactory(published=True)
    client.get("/?utm_source=x")
    response = client.get("/?utm_source=x")
    assert response.status_code == 200 and "X-Reader-Cache" not in response and response["ETag"]


def test_an_unreachable_cache_never_breaks_pages_or_saves(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    article = ArticleFactory(published=True, headline="Served without a cache")
    article.headline = "Edited without a cache"
    article.save()
    response = client.get("/")
    assert response.status_code == 200 and "Edited without a cache" in response.content.decode()
    assert response["ETag"]


def test_an_editors_preview_is_never_cached_nor_public(admin_client, client):
    draft = ArticleFactory(headline="Preview only headline", tags=["Rice"])
    ArticleFactory(published=True, tags=["Rice"])
    response = admin_client.get(f"/admin/articles/article/{draft.pk}/preview/")
    assert response.status_code == 200 and "Preview only headline" in response.content.decode()
    assert response.get("ETag") is None and "no-store" in response["Cache-Control"]
    for url in ["/", "/tag/rice/", "/rss/"]:
        assert "Preview only headline" not in client.get(url).content.decode(), url
