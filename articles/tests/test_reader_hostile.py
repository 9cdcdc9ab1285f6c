"""Hostile and odd requests get a clear answer (404, 200 or a redirect), never a 500; headers are right."""

import feedparser
import pytest
from defusedxml import ElementTree
from django.urls import reverse

from articles.tests.factories import ArticleFactory, AuthorFactory, LeadImageFactory, SectionFactory, article_in_state

pytestmark = pytest.mark.django_db

LONG = "a" * 5000


@pytest.fixture
def story():
    return ArticleFactory(
        published=True, headline="Rice & fish: “prices” <rise> in Phnom Penh — ភ្នំពេញ",
        dek="Markets 'brace' for the dry season & more.", section=SectionFactory(name="Business", slug="business"),
        authors=[AuthorFactory(name="Sophea Lim", slug="sophea-lim")], tags=["Rice", "Café"],
        lead_image=LeadImageFactory(), body="<p>Prices rose by 5% &lt;roughly&gt;.</p>",
    )


@pytest.mark.parametrize("path", [
    "/2024/13/40/", "/2024/13/", "/2024/02/30/", "/0000/", "/9999/", "/9999/12/", "/9999/12/31/",
    "/0001/01/01/", "/2024/02/30/some-story/", f"/2024/05/23/{LONG}/", f"/tag/{LONG}/", f"/section/{LONG}/",
    f"/author/{LONG}/", "/section/%E4%BD%A0%E5%A5%BD/", "/2024/05/23/%E4%BD%A0/", "/author/%00/",
    "/section/nope/rss/", "/tag/nope/atom/", "/author/nope/rss/", f"/tag/{LONG}/rss/",
    "/sitemap-nope.xml", "/sitemap-stories.xml?p=0", "/sitemap-stories.xml?p=abc", "/sitemap-stories.xml?p=99",
    "/news-sitemap.xml?p=x", "/?page=-1", "/?page=999999999999999999999", "/corrections/?page=0",
    "/search/?q=rice&page=x",
])
def test_odd_addresses_are_not_found(client, story, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "max-age=0" in response["Cache-Control"] and "must-revalidate" in response["Cache-Control"]


@pytest.mark.parametrize("query", ["%00", "%ff%fe", "%22" * 300, "*", "rice%20OR%20(", "\u202e\u0000"])
def test_odd_searches_answer_a_page(client, story, query):
    assert client.get(f"/search/?q={query}").status_code == 200


def test_a_list_valued_query_is_still_a_page(client, story):
    assert client.get("/search/?q[]=rice&q=rice").status_code == 200


def test_head_requests_answer_like_get_without_a_body(client, story):
    for path in ["/", story.get_absolute_url(), "/section/business/", "/tag/rice/", "/author/sophea-lim/",
                 "/search/?q=rice", "/rss/", "/atom/", "/sitemap.xml", "/news-sitemap.xml", "/robots.txt"]:
        response = client.head(path)
        assert response.status_code == 200, path
        assert response.content == b"", path
    assert client.head("/no-such-page/").status_code == 404


def test_public_pages_say_their_language(client, story, settings):
    assert client.get("/")["Content-Language"] == settings.LANGUAGE_CODE
    khmer = ArticleFactory(published=True, language="km", headline="ព័ត៌មាន")
    assert client.get(khmer.get_absolute_url())["Content-Language"] == "km"
    assert client.get(khmer.get_absolute_url())["Content-Language"] == "km"  # also when served from the cache


def test_a_killed_story_is_gone_briefly_cacheable(client):
    killed = article_in_state("killed", slug="pulled-story")
    response = client.get(f"/2024/05/23/{killed.slug}/")
    assert response.status_code == 410
    assert "max-age" in response["Cache-Control"]


def test_feeds_with_awkward_text_stay_valid(client, story):
    cafe = story.tags.get(name="Café").slug
    for path in ["/rss/", "/atom/", "/section/business/rss/", reverse("articles:tag_atom", args=[cafe]),
                 "/author/sophea-lim/rss/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (path, parsed.bozo_exception)
        assert parsed.entries[0].title == story.headline


def test_control_characters_in_imported_text_do_not_break_feeds(client):
    """XML cannot carry most control characters; a headline that has one must not make the feed a 500."""
    ArticleFactory(published=True, headline="Bad\x0bbyte headline", dek="Dek\x01 text", tags=["Odd"])
    for path in ["/rss/", "/atom/", "/news-sitemap.xml", "/tag/odd/rss/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        if "sitemap" in path:
            assert b"Badbyte headline" in response.content
            ElementTree.fromstring(response.content)
        else:
            assert not feedparser.parse(response.content).bozo, path


def test_tags_in_any_script_have_pages_and_feeds(client, story):
    """taggit keeps letters like "é" in slugs; their pages, feeds and links must work, not 500."""
    khmer = ArticleFactory(published=True, tags=["ភ្នំពេញ"])
    for tag in [story.tags.get(name="Café"), khmer.tags.get()]:
        for name in ["articles:tag", "articles:tag_rss", "articles:tag_atom"]:
            assert client.get(reverse(name, args=[tag.slug])).status_code == 200, (name, tag.slug)
    assert reverse("articles:tag", args=[story.tags.get(name="Café").slug]) in client.get(
        story.get_absolute_url()).content.decode()


def test_public_pages_vary_on_nothing_and_set_no_cookies(client, story):
    """The page cache shares one copy of each page with every reader, which is only right while no
    page depends on who asks: no cookie is set or read, so no ``Vary: Cookie``."""
    for path in ["/", story.get_absolute_url(), "/tag/rice/", "/search/?q=rice", "/rss/", "/sitemap.xml"]:
        response = client.get(path)
        assert not response.cookies, path
        assert "Cookie" not in response.get("Vary", ""), path
