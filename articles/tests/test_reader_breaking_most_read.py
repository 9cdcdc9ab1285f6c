"""The breaking-news banner (expires by the clock, no cache flush) and the most-read list (anonymous counts,
bots left out, only live stories)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.editorial.breaking import flag_breaking, lift_breaking
from articles.models import Status, StoryViews
from articles.reader.most_read import most_read
from articles.tests.factories import ArticleFactory, user_in_role

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture
def publisher():
    return user_in_role("Publishers")


def test_banner_shows_until_its_end_then_disappears_with_a_frozen_clock_and_no_cache_flush(client, publisher,
                                                                                          monkeypatch):
    story = ArticleFactory(published=True, headline="Dam breaks upstream")
    start = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: start)
    flag_breaking(article=story, user=publisher, duration=timedelta(minutes=30))
    shown = client.get("/breaking.json")
    assert shown.json()["headline"] == "Dam breaks upstream" and shown.json()["url"] == story.get_absolute_url()
    assert shown["Cache-Control"] == "public, max-age=30" and not shown.cookies
    home = client.get("/").content.decode()
    assert 'data-breaking-url="/breaking.json"' in home and "Dam breaks upstream" in home  # the story, not a banner
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=29, seconds=59))
    assert client.get("/breaking.json").json()["headline"] == "Dam breaks upstream"
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=30))
    assert client.get("/breaking.json").json() == {}


def test_banner_goes_when_its_story_stops_being_live(client, publisher, django_capture_on_commit_callbacks):
    from articles import editorial

    story = ArticleFactory(published=True)
    flag_breaking(article=story, user=publisher, duration=timedelta(hours=1))
    assert client.get("/breaking.json").json()
    with django_capture_on_commit_callbacks(execute=True):
        editorial.unpublish_article(article=story, user=publisher)
    assert client.get("/breaking.json").json() == {}


def test_one_banner_at_a_time_and_only_publishers_flag(client, publisher):
    first, second = ArticleFactory(published=True), ArticleFactory(published=True, headline="Second story")
    flag_breaking(article=first, user=publisher, duration=timedelta(hours=1))
    flag_breaking(article=second, user=publisher, duration=timedelta(hours=1))
    assert client.get("/breaking.json").json()["headline"] == "Second story"
    with pytest.raises(PermissionDenied):
        flag_breaking(article=first, user=user_in_role("Editors"), duration=timedelta(hours=1))
    with pytest.raises(ValidationError):
        flag_breaking(article=ArticleFactory(status=Status.DRAFT), user=publisher, duration=timedelta(hours=1))
    with pytest.raises(ValidationError):
        flag_breaking(article=first, user=publisher, duration=timedelta(days=30))
    lift_breaking(user=publisher)
    assert client.get("/breaking.json").json() == {}


def view(client, story, agent=BROWSER, **headers):
    return client.post(f"/views/{story.pk}/", HTTP_USER_AGENT=agent, **headers)


def test_views_are_counted_anonymously_and_bots_are_not(client):
    story = ArticleFactory(published=True)
    for _ in range(3):
        response = view(client, story)
        assert response.status_code == 204 and not response.cookies
    view(client, story, agent="Googlebot/2.1 (+http://www.google.com/bot.html)")
    view(client, story, agent="")
    view(client, story, HTTP_SEC_PURPOSE="prefetch")
    assert StoryViews.objects.get(article=story).views == 3
    assert client.get(f"/views/{story.pk}/").status_code == 405


def test_a_draft_s_views_never_put_it_on_the_list(client):
    live = ArticleFactory(published=True, headline="Read by some")
    draft = ArticleFactory(status=Status.DRAFT, headline="Zqxdraftmostread")
    view(client, live)
    for _ in range(50):
        assert view(client, draft).status_code == 204
    assert not StoryViews.objects.filter(article=draft).exists()
    StoryViews.objects.create(article=draft, day=timezone.localdate(), views=10_000)  # even if counted somehow
    fragment = client.get("/most-read/").content.decode()
    assert "Read by some" in fragment and "Zqxdraftmostread" not in fragment


def test_most_read_ranks_recent_views_of_live_stories(client):
    busy, quiet, old = (ArticleFactory(published=True, headline=h) for h in ("Busy", "Quiet", "Old"))
    today = timezone.localdate()
    StoryViews.objects.create(article=busy, day=today, views=40)
    StoryViews.objects.create(article=quiet, day=today - timedelta(days=1), views=5)
    StoryViews.objects.create(article=old, day=today - timedelta(days=10), views=900)
    assert [a.headline for a in most_read()] == ["Busy", "Quiet"]
    busy.status = Status.KILLED
    busy.save()
    assert [a.headline for a in most_read()] == ["Quiet"]
    assert "Busy" not in client.get("/most-read/").content.decode()


def test_home_and_story_pages_fetch_the_list_and_only_stories_send_a_beacon(client):
    story = ArticleFactory(published=True)
    home, page = client.get("/").content.decode(), client.get(story.get_absolute_url()).content.decode()
    assert 'data-most-read-url="/most-read/"' in home and 'data-most-read-url="/most-read/"' in page
    assert f'data-view-beacon="/views/{story.pk}/"' in page and "data-view-beacon" not in home
