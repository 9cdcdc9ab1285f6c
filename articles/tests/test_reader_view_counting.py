"""View counting for "Most read": one rule a test (articles/reader/view_counting.py), and nothing about the
reader kept anywhere."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Status, StoryViews
from articles.page_store import CACHE_BREAKER
from articles.reader.view_counting import view_token
from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile Safari/604.1"
ADDRESS = "203.0.113.7"


def beacon(client, story, token=None, agent=BROWSER, address=ADDRESS, **headers):
    token = view_token(story.pk) if token is None else token
    return client.post(f"/views/{story.pk}/", {"token": token}, HTTP_USER_AGENT=agent, REMOTE_ADDR=address,
                       **headers)


def views(story):
    row = StoryViews.objects.filter(article=story).first()
    return row.views if row else 0


@pytest.fixture
def story():
    return ArticleFactory(published=True, headline="Counted story")


def test_the_page_s_own_token_counts_one_view_with_no_cookie(client, story):
    page = client.get(story.get_absolute_url()).content.decode()
    token = re.search(r'data-view-token="([^"]+)"', page).group(1)
    assert f'data-view-beacon="/views/{story.pk}/"' in page
    response = beacon(client, story, token=token, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 204 and not response.cookies and response["Cache-Control"] == "no-store"
    assert views(story) == 1


def test_one_count_per_visitor_per_story_per_day(client, story, monkeypatch):
    for _ in range(5):
        assert beacon(client, story).status_code == 204
    assert views(story) == 1
    beacon(client, story, agent=PHONE)  # another reader behind the same address
    beacon(client, story, address="198.51.100.20")  # another address
    assert views(story) == 3
    other = ArticleFactory(published=True)
    beacon(client, other)
    assert views(other) == 1  # the same reader, another story
    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    beacon(client, story, token=view_token(story.pk))
    assert StoryViews.objects.get(article=story, day=timezone.localdate(tomorrow)).views == 1


def test_one_address_gives_a_story_a_bounded_number_of_views_a_day(client, story, settings):
    settings.VIEW_COUNT_ADDRESS_STORY_LIMIT = 3
    for n in range(8):  # a script changing its user agent each time
        beacon(client, story, agent=f"{BROWSER} build/{n}")
    assert views(story) == 3
    beacon(client, story, agent=PHONE, address="198.51.100.20")
    assert views(story) == 4


def test_bots_empty_agents_and_prefetches_are_ignored(client, story):
    for agent in ("Googlebot/2.1 (+http://www.google.com/bot.html)", "", "curl/8.5.0", "python-requests/2.32",
                  "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0"):
        assert beacon(client, story, agent=agent).status_code == 204
    beacon(client, story, HTTP_SEC_PURPOSE="prefetch")
    beacon(client, story, HTTP_PURPOSE="prefetch")
    assert views(story) == 0


def test_only_posts_count(client, story):
    assert client.get(f"/views/{story.pk}/", HTTP_USER_AGENT=BROWSER).status_code == 405
    assert views(story) == 0


@pytest.mark.parametrize("token", ["", "nonsense", "1:abc:def"])
def test_a_missing_or_forged_token_is_refused(client, story, token):
    response = beacon(client, story, token=token)
    assert response.status_code == 403 and b"did not come from the story" in response.content
    assert views(story) == 0


def test_a_token_for_another_story_is_refused(client, story):
    assert beacon(client, story, token=view_token(ArticleFactory(published=True).pk)).status_code == 403
    assert views(story) == 0


def test_an_old_token_is_refused(client, story, settings, monkeypatch):
    settings.VIEW_TOKEN_SECONDS = 600
    token = view_token(story.pk)
    import time

    later = time.time() + 601
    monkeypatch.setattr(time, "time", lambda: later)
    assert beacon(client, story, token=token).status_code == 403
    assert views(story) == 0


def test_a_token_is_signed_once_a_second_and_names_its_second(client, story, settings, monkeypatch):
    """A story's token is reused within one second (a busy story signs once a second), never across
    seconds or secret keys: a later page's token carries the later time."""
    import time

    from django.core import signing

    from articles.reader.view_counting import TOKEN_SALT

    now = 1_900_000_000.25
    monkeypatch.setattr(time, "time", lambda: now)
    first = view_token(story.pk)
    assert view_token(story.pk) == first
    assert signing.TimestampSigner(salt=TOKEN_SALT).unsign(first) == str(story.pk)
    now += 1
    later = view_token(story.pk)
    assert later != first and signing.TimestampSigner(salt=TOKEN_SALT).unsign(later) == str(story.pk)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert view_token(story.pk) != later
    assert beacon(client, story, token=view_token(story.pk)).status_code == 204


def test_beacons_from_other_sites_are_refused(client, story):
    assert beacon(client, story, HTTP_ORIGIN="https://counter-farm.example").status_code == 403
    assert beacon(client, story, HTTP_ORIGIN="null").status_code == 403
    assert beacon(client, story, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert views(story) == 0


def test_an_address_sending_too_many_beacons_is_held_back(client, settings):
    settings.VIEW_COUNT_ADDRESS_LIMIT = 4
    stories = [ArticleFactory(published=True) for _ in range(6)]
    answers = [beacon(client, story).status_code for story in stories]
    assert answers == [204, 204, 204, 204, 429, 429]
    assert [views(story) for story in stories] == [1, 1, 1, 1, 0, 0]
    assert beacon(client, stories[5], address="198.51.100.20").status_code == 204  # others are not held back
    assert views(stories[5]) == 1


@pytest.mark.parametrize("fields", [
    {"status": Status.DRAFT}, {"status": Status.UNPUBLISHED}, {"status": Status.KILLED},
    {"published": True, "publish_at": timezone.now() + timedelta(days=1)},  # scheduled, not yet live
])
def test_only_live_stories_are_counted(client, fields):
    story = ArticleFactory(**fields)
    assert beacon(client, story).status_code == 204
    assert not StoryViews.objects.filter(article=story).exists()


def test_nothing_is_counted_while_the_cache_is_down(client, story):
    CACHE_BREAKER.trip()  # as after a Redis failure: every cache call is skipped
    assert beacon(client, story).status_code == 204
    assert views(story) == 0


def test_no_address_or_user_agent_is_kept(client, story):
    beacon(client, story, agent=f"{BROWSER} Zqxagent")
    assert views(story) == 1
    kept = " ".join(str(value) for value in StoryViews.objects.values_list())
    kept += " ".join(cached_keys_and_values())
    assert ADDRESS not in kept and "Zqxagent" not in kept and "Chrome/131" not in kept


def cached_keys_and_values():
    """Every key and value in the test cache (local memory or Redis)."""
    backend = getattr(cache, "_cache", None)
    if isinstance(backend, dict):
        return [f"{key} {value!r}" for key, value in backend.items()]
    client = cache._cache.get_client(None, write=False)
    return [f"{key!r} {client.get(key)!r}" for key in client.keys("*") if client.type(key) == b"string"]
