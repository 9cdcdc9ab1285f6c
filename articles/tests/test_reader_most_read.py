"""Most read: rendered into the page (no script), ranked from live stories only, refreshed on a schedule under
its own surrogate key, and never naming a story that stopped being live."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import editorial
from articles.models import Status, StoryViews
from articles.page_store import cache_call
from articles.reader import most_read
from articles.reader.view_counting import view_token
from articles.tests.factories import ArticleFactory, LiveCoverageFactory, user_in_role

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def read(story, views, day=None):
    StoryViews.objects.create(article=story, day=day or timezone.localdate(), views=views)


def listed(html):
    block = re.search(r'<ol class="headline-list most-read-list">(.*?)</ol>', html, re.S)
    return re.findall(r"</span></span> ([^<]+)</a>|<a href=\"[^\"]+\">([^<]+)</a>", block.group(1)) if block else []


def headlines(html):
    return [live or plain for live, plain in listed(html)]


def beacon(client, story, address):
    return client.post(f"/views/{story.pk}/", {"token": view_token(story.pk)}, HTTP_USER_AGENT=BROWSER,
                       REMOTE_ADDR=address)


def test_the_list_is_in_the_html_of_home_and_story_pages(client):
    busy, quiet = ArticleFactory(published=True, headline="Busy"), ArticleFactory(published=True, headline="Quiet")
    LiveCoverageFactory(article=busy)
    read(busy, 40)
    read(quiet, 5)
    home = client.get("/")
    page = client.get(quiet.get_absolute_url())
    for response in (home, page):
        html = response.content.decode()
        assert 'aria-labelledby="most-read-heading"' in html and "<h2 id=\"most-read-heading\"" in html
        assert headlines(html) == ["Busy", "Quiet"]
        assert "most-read" in response["Surrogate-Key"].split()
    assert '<span class="badge badge-live">Live' in re.search(r"most-read-list.*?</ol>", home.content.decode(),
                                                               re.S).group(0)


def test_ranking_counts_the_last_two_days_of_live_stories_only():
    busy, quiet, old = (ArticleFactory(published=True, headline=h) for h in ("Busy", "Quiet", "Old"))
    today = timezone.localdate()
    read(busy, 40)
    read(quiet, 5, day=today - timedelta(days=1))
    read(old, 900, day=today - timedelta(days=10))
    read(ArticleFactory(status=Status.DRAFT), 10_000)
    read(ArticleFactory(published=True, publish_at=timezone.now() + timedelta(hours=1)), 10_000)
    assert [a.headline for a in most_read.most_read()] == ["Busy", "Quiet"]


def test_a_story_that_stops_being_live_leaves_cached_pages_at_once(client, django_capture_on_commit_callbacks):
    top, other = ArticleFactory(published=True, headline="Zqxtopstory"), ArticleFactory(published=True)
    read(top, 50)
    read(other, 5)
    assert "Zqxtopstory" in headlines(client.get(other.get_absolute_url()).content.decode())
    assert client.get(other.get_absolute_url())["X-Reader-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        editorial.kill_article(article=top, user=user_in_role("Publishers"), note="Legal")
    for url in ("/", other.get_absolute_url(), "/most-read/"):
        assert "Zqxtopstory" not in client.get(url).content.decode(), url


@pytest.mark.parametrize("step", ["unpublish_article", "kill_article"])
def test_a_counted_story_that_leaves_readers_is_never_listed(client, step, django_capture_on_commit_callbacks):
    story = ArticleFactory(published=True, headline="Zqxcounted")
    for n in range(3):
        beacon(client, story, address=f"198.51.100.{n}")
    assert StoryViews.objects.get(article=story).views == 3
    assert "Zqxcounted" in client.get("/").content.decode()
    kwargs = {"note": "Legal"} if step == "kill_article" else {}
    with django_capture_on_commit_callbacks(execute=True):
        getattr(editorial, step)(article=story, user=user_in_role("Publishers"), **kwargs)
    cache_call("delete", most_read.REFRESH_LOCK)
    beacon(client, ArticleFactory(published=True), address="198.51.100.9")  # a refresh is due and runs
    assert "Zqxcounted" not in client.get("/").content.decode()


def test_a_list_computed_before_a_story_left_but_stored_after_does_not_bring_it_back():
    story, other = ArticleFactory(published=True), ArticleFactory(published=True)
    read(story, 9)
    read(other, 1)
    computed = most_read.entries(most_read.most_read())  # a refresh reads the counts...
    assert [entry["pk"] for entry in computed] == [story.pk, other.pk]
    most_read.story_left_readers(story.pk)  # ...the story is unpublished meanwhile...
    most_read.replace_list(computed)  # ...and the refresh stores what it read
    assert [entry["pk"] for entry in most_read.current_list()] == [other.pk]


def test_views_refresh_the_list_on_a_schedule_not_on_every_view(client):
    first, second = ArticleFactory(published=True, headline="First"), ArticleFactory(published=True, headline="Second")
    read(first, 3)
    beacon(client, second, address="198.51.100.1")  # the first counted view computes the list and starts the clock
    assert headlines(client.get("/").content.decode()) == ["First", "Second"]
    for n in range(2, 6):  # views within the period: counted, but no page is dropped
        beacon(client, second, address=f"198.51.100.{n}")
    assert StoryViews.objects.get(article=second).views == 5
    home = client.get("/")
    assert home["X-Reader-Cache"] == "hit" and headlines(home.content.decode()) == ["First", "Second"]
    cache_call("delete", most_read.REFRESH_LOCK)  # the period is over
    beacon(client, second, address="198.51.100.9")
    home = client.get("/")
    assert home.get("X-Reader-Cache") != "hit" and headlines(home.content.decode()) == ["Second", "First"]


def test_a_refresh_that_changes_nothing_keeps_cached_pages():
    story = ArticleFactory(published=True)
    read(story, 3)
    most_read.current_list()
    from django.test import Client

    client = Client()
    client.get("/")
    assert client.get("/")["X-Reader-Cache"] == "hit"
    most_read.refresh_when_due()
    assert client.get("/")["X-Reader-Cache"] == "hit"


def test_no_list_no_block_but_a_live_story_still_counts_itself(client):
    story = ArticleFactory(published=True)
    home, page = client.get("/").content.decode(), client.get(story.get_absolute_url()).content.decode()
    assert "most-read-heading" not in home and "data-view-beacon" not in home
    assert re.search(r'<aside class="most-read most-read-story" hidden data-view-beacon="/views/\d+/"', page)
    assert "most-read-heading" not in page


@pytest.mark.parametrize("fields", [{"status": Status.DRAFT}, {"published": True}])
def test_an_editor_s_preview_sends_no_beacon(client, fields):
    story = ArticleFactory(**fields)
    client.force_login(user_in_role("Editors"))
    page = client.get(f"/admin/articles/article/{story.pk}/preview/")
    assert page.status_code == 200 and "Preview" in page.content.decode()
    assert "data-view-beacon" not in page.content.decode()


def test_each_list_is_rendered_once_per_process_and_pages_show_the_one_cached(client, monkeypatch):
    most_read.list_html.cache_clear()
    renders = []
    real = most_read.render
    monkeypatch.setattr(most_read, "render", lambda *args: renders.append(args) or real(*args))
    first, second = ArticleFactory(published=True, headline="Rice <prices>"), ArticleFactory(published=True)
    read(first, 5)
    read(second, 1)
    most_read.current_list()
    assert headlines(client.get("/").content.decode()) == ["Rice &lt;prices&gt;", second.headline]
    assert headlines(client.get(second.get_absolute_url()).content.decode()) == ["Rice &lt;prices&gt;", second.headline]
    assert len(renders) == 1  # the same list on two pages
    StoryViews.objects.filter(article=second).update(views=9)
    most_read.replace_list(most_read.entries(most_read.most_read()))
    assert headlines(client.get("/").content.decode()) == [second.headline, "Rice &lt;prices&gt;"]
    assert len(renders) == 2
