"""The breaking-news banner: expires by the clock, no cache flush. (Most read: test_reader_most_read.py and
test_reader_view_counting.py.)"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.editorial.breaking import flag_breaking, lift_breaking
from articles.models import Status
from articles.tests.factories import ArticleFactory, user_in_role

pytestmark = pytest.mark.django_db


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
