"""The "Live" badge: on every card and headline list of a running live blog, and on its page; never on an
ordinary story or an ended blog; gone from cached pages as soon as the coverage ends; no query per card."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.editorial.liveblog import end_live_coverage
from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    LiveCoverageFactory,
    SectionFactory,
    user_in_role,
)

pytestmark = pytest.mark.django_db

BADGE = re.compile(r'<span class="badge badge-live">Live<span class="visually-hidden">:</span></span> ([^<]+)</a>')


@pytest.fixture
def stories():
    section, author = SectionFactory(name="Floods", slug="floods"), AuthorFactory(name="Dara Writer", slug="dara")
    common = {"section": section, "authors": [author], "tags": ["Mekong"]}
    running = LiveCoverageFactory(article=ArticleFactory(published=True, headline="Rivers rising live", **common))
    ended = LiveCoverageFactory(article=ArticleFactory(published=True, headline="Yesterday's storm live", **common))
    end_live_coverage(article=ended.article, user=user_in_role("Editors"))
    plain = ArticleFactory(published=True, headline="Rivers rising explained", **common)
    return running.article, ended.article, plain


def badged(html):
    return set(BADGE.findall(html))


@pytest.mark.parametrize("url", ["/", "/?page=1", "/section/floods/", "/tag/mekong/", "/author/dara/",
                                 "/search/?q=rivers"])
def test_every_listing_badges_the_running_live_blog_only(client, stories, url):
    running, _ended, _plain = stories
    assert badged(client.get(url).content.decode()) == {running.headline}


def test_the_story_page_and_its_related_cards_carry_the_badge(client, stories):
    running, ended, plain = stories
    own = client.get(running.get_absolute_url()).content.decode()
    assert re.search(r'<h1><span class="badge badge-live">Live', own)
    assert badged(client.get(plain.get_absolute_url()).content.decode()) == {running.headline}  # a related card
    assert '<h1><span class="badge' not in client.get(ended.get_absolute_url()).content.decode()


def test_ending_coverage_takes_the_badge_off_cached_listings(client, stories, django_capture_on_commit_callbacks):
    running, _ended, _plain = stories
    assert badged(client.get("/section/floods/").content.decode()) == {running.headline}
    assert client.get("/section/floods/")["X-Reader-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        end_live_coverage(article=running, user=user_in_role("Editors"))
    assert badged(client.get("/section/floods/").content.decode()) == set()


def test_badges_cost_no_query_per_card(client):
    section = SectionFactory(slug="busy")

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get("/section/busy/")
        return len(captured)

    ArticleFactory(published=True, section=section)
    LiveCoverageFactory(article=ArticleFactory(published=True, section=section))
    few = queries()
    for _ in range(8):
        LiveCoverageFactory(article=ArticleFactory(published=True, section=section))
    assert queries() == few
