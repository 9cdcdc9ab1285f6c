"""API keys: 401 without a valid one (before any cache), 429 over the rate limit, hashed, shown once, revocable."""

import hashlib

import pytest

from articles.models import ApiKey
from articles.tests.factories import ArticleFactory, user_in_role

pytestmark = pytest.mark.django_db

URLS = ["/api/v1/stories/", "/api/v1/sections/", "/api/v1/tags/", "/api/v1/authors/"]


@pytest.fixture
def key():
    return ApiKey.objects.issue(name="App")


@pytest.mark.parametrize("url", URLS)
def test_missing_wrong_and_revoked_keys_are_401(client, key, url):
    api_key, raw = key
    ArticleFactory(published=True)
    assert client.get(url, HTTP_X_API_KEY=raw).status_code == 200  # also fills the page cache
    assert client.get(url).status_code == 401
    assert client.get(url, HTTP_X_API_KEY=raw + "x").status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Bearer nope").status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    api_key.revoke()
    response = client.get(url, HTTP_X_API_KEY=raw)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_detail_without_key_is_401_even_when_cached(client, key):
    _api_key, raw = key
    story = ArticleFactory(published=True, headline="Cached headline")
    assert client.get(f"/api/v1/stories/{story.pk}/", HTTP_X_API_KEY=raw).status_code == 200
    response = client.get(f"/api/v1/stories/{story.pk}/")
    assert response.status_code == 401
    assert b"Cached headline" not in response.content


def test_anonymous_reads_when_the_setting_allows(client, settings):
    ArticleFactory(published=True)
    settings.API_ALLOW_ANONYMOUS = True
    assert client.get("/api/v1/stories/").status_code == 200
    assert client.get("/api/v1/stories/", HTTP_X_API_KEY="wrong").status_code == 401


def test_rate_limit_per_key(client, key, settings):
    _api_key, raw = key
    _other, other_raw = ApiKey.objects.issue(name="Other")
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        assert client.get("/api/v1/sections/", HTTP_X_API_KEY=raw).status_code == 200
    refused = client.get("/api/v1/sections/", HTTP_X_API_KEY=raw)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert client.get("/api/v1/sections/", HTTP_X_API_KEY=other_raw).status_code == 200


def test_keys_are_stored_as_sha256_and_last_use_recorded(client, key):
    api_key, raw = key
    assert api_key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiKey.objects.filter(pk=api_key.pk).values().get())
    client.get("/api/v1/sections/", HTTP_X_API_KEY=raw)
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None


def test_publisher_creates_a_key_in_the_admin_and_sees_it_once(client):
    publisher = user_in_role("Publishers")
    client.force_login(publisher)
    response = client.post("/admin/articles/apikey/add/", {"name": "Newsletter"}, follow=True)
    assert response.status_code == 200
    key = ApiKey.objects.get(name="Newsletter")
    assert key.created_by == publisher
    shown = response.content.decode()
    raw = shown.split("<code>")[1].split("</code>")[0]
    assert hashlib.sha256(raw.encode()).hexdigest() == key.key_hash
    page = client.get(f"/admin/articles/apikey/{key.pk}/change/").content.decode()
    assert raw not in page
    client.post("/admin/articles/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_reporters_cannot_manage_keys(client):
    client.force_login(user_in_role("Reporters"))
    assert client.get("/admin/articles/apikey/").status_code == 403
    assert client.get("/admin/articles/webhooksubscription/").status_code == 403
