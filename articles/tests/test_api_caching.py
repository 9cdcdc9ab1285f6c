"""The Content API's page cache: filtered lists and later (cursor) pages are cached like reader pages and
dropped exactly when a story on them, or newly matching them, changes; never past a scheduled publication;
and a cached answer is only ever given after the key check and the rate limit.

Runs on the default cache: Redis when REDIS_URL is set (as in CI), local memory otherwise.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from articles import editorial
from articles.models import ApiKey
from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory, move, rewrite

pytestmark = pytest.mark.django_db


def story_ids(response):
    return [int(item["altids"][0]["value"]) for item in response.json()["items"]]


@pytest.fixture
def desk():
    """Two sections, a tag, an author; five live politics stories an hour apart and one sport story."""
    cache.clear()
    politics, sport = SectionFactory(name="Politics"), SectionFactory(name="Sport")
    writer = AuthorFactory(name="Sok Dara")
    now = timezone.now()
    stories = [ArticleFactory(published=True, section=politics, headline=f"Politics {n}",
                              publish_at=now - timedelta(hours=n), tags=["Mekong"] if n == 1 else [],
                              authors=[writer] if n == 2 else [])
               for n in range(1, 6)]
    match = ArticleFactory(published=True, section=sport, headline="Match report", publish_at=now - timedelta(hours=9))
    return {"politics": politics, "sport": sport, "writer": writer, "stories": stories, "match": match}


def second_page(api, **filters):
    first = api.get("/api/v1/stories/", {**filters, "limit": 2}).json()
    return first["next"].replace("http://testserver", "")


def hit(response):
    return response.get("X-Reader-Cache") == "hit"


@pytest.mark.parametrize("filters", [{"section": "politics"}, {"tag": "mekong"}, {"author": "sok-dara"},
                                     {"updated_since": "2000-01-01T00:00:00Z"}, {"q": "politics"}, {"limit": 2},
                                     {"section": "politics", "tag": "mekong"}])
def test_filtered_pages_are_served_from_the_cache(api, desk, filters):
    first = api.get("/api/v1/stories/", filters)
    assert first.status_code == 200 and not hit(first)
    again = api.get("/api/v1/stories/", filters)
    assert hit(again) and again.json() == first.json()


def test_cursor_pages_are_served_from_the_cache(api, desk):
    page2 = second_page(api, section="politics")
    first = api.get(page2)
    assert story_ids(first) == [s.pk for s in desk["stories"][2:4]]
    assert hit(api.get(page2))


def test_a_change_to_a_story_drops_the_pages_showing_it_and_no_other(api, desk):
    politics_page2 = second_page(api, section="politics")
    pages = {"politics": "/api/v1/stories/?section=politics", "politics page 2": politics_page2,
             "sport": "/api/v1/stories/?section=sport", "mekong": "/api/v1/stories/?tag=mekong",
             "writer": "/api/v1/stories/?author=sok-dara", "all": "/api/v1/stories/",
             "detail 3": f"/api/v1/stories/{desk['stories'][2].pk}/",
             "detail 1": f"/api/v1/stories/{desk['stories'][0].pk}/"}
    for url in pages.values():
        api.get(url)
    rewrite(desk["stories"][2], headline="Politics three, corrected")  # on page 2 of politics
    dropped = {name for name, url in pages.items() if not hit(api.get(url))}
    # A change to a live story drops the listings it belongs to (as on the reader site) and its own pages.
    assert dropped == {"politics", "politics page 2", "all", "detail 3"}
    assert "Politics three, corrected" in api.get(politics_page2).content.decode()


def test_a_story_newly_matching_a_filter_drops_its_pages(api, desk):
    pages = {"politics": "/api/v1/stories/?section=politics", "sport": "/api/v1/stories/?section=sport",
             "mekong": "/api/v1/stories/?tag=mekong"}
    for url in pages.values():
        api.get(url)
    moved = move(desk["match"], section=desk["politics"])  # a sport story moved into politics
    dropped = {name for name, url in pages.items() if not hit(api.get(url))}
    assert dropped == {"politics", "sport"}
    assert moved.pk in story_ids(api.get(pages["politics"]))
    assert moved.pk not in story_ids(api.get(pages["sport"]))
    rewrite(desk["stories"][4], tags=["Mekong"])  # a politics story newly tagged
    assert desk["stories"][4].pk in story_ids(api.get(pages["mekong"]))


def test_a_publication_reaches_the_filtered_page_and_a_later_page_it_sorts_into(api, desk):
    page2 = second_page(api, section="politics")
    api.get("/api/v1/stories/?section=politics")
    api.get(page2)
    sport_page = "/api/v1/stories/?section=sport"
    api.get(sport_page)
    # Published now but dated between stories 3 and 4 (a backdated publication): it belongs on page 2.
    late = ArticleFactory(headline="Late filing", section=desk["politics"])
    late = editorial.publish_article(article=late, at=timezone.now() - timedelta(hours=3, minutes=30))
    assert story_ids(api.get(page2)) == [desk["stories"][2].pk, late.pk]
    assert hit(api.get(sport_page))  # unrelated: still cached


def test_a_search_page_follows_the_rebuilt_search_documents(api, desk, django_capture_on_commit_callbacks):
    url = "/api/v1/stories/?q=zebu"
    assert story_ids(api.get(url)) == []
    assert hit(api.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        rewrite(desk["match"], headline="Zebu race report")
    assert story_ids(api.get(url)) == [desk["match"].pk]


def test_no_cached_page_outlives_the_next_scheduled_publication(api, desk):
    url = "/api/v1/stories/?section=politics"
    due = timezone.now() + timedelta(minutes=2)
    scheduled = editorial.publish_article(article=ArticleFactory(headline="Embargoed result", section=desk["politics"]),
                                          at=due)
    assert scheduled.pk not in story_ids(api.get(url))
    assert hit(api.get(url))
    with time_machine.travel(due + timedelta(seconds=30)):  # well inside the page cache's five minutes
        response = api.get(url)
        assert not hit(response) and story_ids(response)[0] == scheduled.pk


def test_a_cached_page_is_never_answered_before_the_key_check_and_the_rate_limit(client, desk, settings):
    _key, raw = ApiKey.objects.issue(name="Partner")
    url = "/api/v1/stories/?section=politics&limit=2"
    assert client.get(url, HTTP_X_API_KEY=raw).status_code == 200
    assert hit(client.get(url, HTTP_X_API_KEY=raw))
    refused = client.get(url)
    assert refused.status_code == 401 and b"Politics" not in refused.content
    assert client.get(url, HTTP_X_API_KEY="wrong").status_code == 401
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    answers = [client.get(url, HTTP_X_API_KEY=raw).status_code for _ in range(4)]
    assert answers[-1] == 429 and 200 in answers


def test_unknown_parameters_and_unknown_subjects_are_answered_but_not_cached(api, desk):
    for url in ["/api/v1/stories/?utm_source=x", "/api/v1/stories/?section=nowhere", "/api/v1/tags/?utm_source=x"]:
        assert api.get(url).status_code == 200
        assert not hit(api.get(url)), url


def test_a_new_section_at_a_filtered_address_shows_at_once(api, desk):
    url = "/api/v1/stories/?section=farming"
    assert story_ids(api.get(url)) == []
    farming = SectionFactory(name="Farming")
    story = ArticleFactory(published=True, section=farming)
    assert story_ids(api.get(url)) == [story.pk]
