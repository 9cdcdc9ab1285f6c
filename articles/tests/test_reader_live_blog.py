"""Live blogs: who may add updates, what readers see, the polled fragment, the feed and the ended state."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.editorial.liveblog import add_live_update, end_live_coverage, start_live_coverage
from articles.models import AuditEntry, LiveUpdate, Status
from articles.tests.factories import ArticleFactory, LiveCoverageFactory, LiveUpdateFactory, user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return user_in_role("Editors")


@pytest.fixture
def blog():
    return LiveCoverageFactory(article__headline="Floods in the capital").article


def test_editor_adds_a_sanitised_audited_update_that_readers_see_at_once(client, editor, blog):
    client.get(blog.get_absolute_url())  # cache the page first: the update must not wait for a timeout
    update = add_live_update(article=blog, user=editor, headline="Water rising",
                             body='<p onclick="x()">Level at 3 m <script>alert(1)</script></p>', key_event=True)
    assert update.body == "<p>Level at 3 m </p>"
    assert AuditEntry.objects.filter(article=blog, action="live update added", user=editor).exists()
    page = client.get(blog.get_absolute_url()).content.decode()
    assert f'id="update-{update.pk}"' in page and "Water rising" in page and "alert(1)" not in page
    assert "Key events" in page and f'href="#update-{update.pk}"' in page


def test_updates_are_newest_first_with_the_pinned_one_on_top(client, editor, blog):
    first = add_live_update(article=blog, user=editor, body="<p>First</p>", pinned=True)
    add_live_update(article=blog, user=editor, body="<p>Second</p>")
    third = add_live_update(article=blog, user=editor, body="<p>Third</p>")
    assert list(blog.live_updates.values_list("pk", flat=True))[:2] == [first.pk, third.pk]
    newer_pin = add_live_update(article=blog, user=editor, body="<p>Fourth</p>", pinned=True)
    assert list(LiveUpdate.objects.filter(article=blog, pinned=True)) == [newer_pin]


def test_reporter_may_not_add_updates_to_a_published_story(blog):
    reporter = user_in_role("Reporters")
    with pytest.raises(PermissionDenied):
        add_live_update(article=blog, user=reporter, body="<p>Nope</p>")
    assert not LiveUpdate.objects.exists()


@pytest.mark.parametrize("body", ["", "<script>only a script</script>", "<p>" + "x" * 20_001 + "</p>"])
def test_empty_or_huge_updates_are_refused(editor, blog, body):
    with pytest.raises(ValidationError):
        add_live_update(article=blog, user=editor, body=body)
    assert not LiveUpdate.objects.exists()


def test_no_updates_on_ended_coverage_or_a_story_that_is_not_live(editor, blog):
    end_live_coverage(article=blog, user=editor)
    with pytest.raises(ValidationError):
        add_live_update(article=blog, user=editor, body="<p>Late</p>")
    draft = ArticleFactory(status=Status.DRAFT)
    start_live_coverage(article=draft, user=editor)
    with pytest.raises(ValidationError):
        add_live_update(article=draft, user=editor, body="<p>Too early</p>")


def test_ended_state_is_shown_and_the_page_stops_polling(client, editor, blog):
    LiveUpdateFactory(article=blog)
    running = client.get(blog.get_absolute_url()).content.decode()
    assert 'data-live-seconds="30"' in running and "badge-live" in running
    end_live_coverage(article=blog, user=editor)
    ended = client.get(blog.get_absolute_url()).content.decode()
    assert "This live coverage has ended" in ended and 'data-live-seconds="0"' in ended
    assert "badge-live" not in ended


def test_fragment_lists_updates_and_is_cached_like_a_page(client, editor, blog):
    url = f"/live/{blog.pk}/updates/"
    assert client.get(url).status_code == 200
    update = add_live_update(article=blog, user=editor, body="<p>Fresh news</p>")
    response = client.get(url)
    assert response.status_code == 200 and f'id="update-{update.pk}"' in response.content.decode()
    assert "public" in response["Cache-Control"] and response.has_header("ETag")


def test_fragment_and_feed_are_404_for_a_story_that_is_not_live(client):
    for state in (Status.DRAFT, Status.UNPUBLISHED, Status.KILLED):
        coverage = LiveCoverageFactory(article=ArticleFactory(status=state, publish_at=timezone.now() - timedelta(1)))
        LiveUpdateFactory(article=coverage.article, body="<p>Zqxsecretupdate</p>")
        for url in (f"/live/{coverage.article.pk}/updates/", f"/live/{coverage.article.pk}/rss/"):
            response = client.get(url)
            assert response.status_code == 404 and b"Zqxsecretupdate" not in response.content
    assert client.get(f"/live/{ArticleFactory(published=True).pk}/updates/").status_code == 404  # not a live blog


def test_the_live_story_feed_carries_its_updates(client, blog):
    update = LiveUpdateFactory(article=blog, headline="Bridge closed", body="<p>Traffic diverted.</p>")
    page = client.get(blog.get_absolute_url()).content.decode()
    assert f'href="/live/{blog.pk}/rss/"' in page
    feed = client.get(f"/live/{blog.pk}/rss/").content.decode()
    assert "<title>Bridge closed</title>" in feed
    assert f"{blog.get_absolute_url()}#update-{update.pk}" in feed and "Traffic diverted." in feed


def test_ordinary_story_is_not_a_live_blog(client):
    page = client.get(ArticleFactory(published=True).get_absolute_url()).content.decode()
    assert "data-live-blog" not in page and '"NewsArticle"' in page
