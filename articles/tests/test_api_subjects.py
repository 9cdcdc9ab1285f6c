"""Tags and authors in the Content API: cursor pages by name like stories, stable while the vocabulary
changes between pages, cached and dropped when a tag or author changes; shown so in the OpenAPI document."""

import pytest
from django.core.cache import cache
from taggit.models import Tag

from articles.models import Article, Status
from articles.tests.factories import ArticleFactory, AuthorFactory, rewrite
from articles.tests.tag_helpers import tag

pytestmark = pytest.mark.django_db


def follow(api, url):
    """Every item of a list, page after page, and the number of pages."""
    items, pages = [], 0
    while url:
        data = api.get(url.replace("http://testserver", "")).json()
        items += data["items"]
        pages += 1
        url = data["next"]
    return items, pages


def names(items):
    return [item["name"] for item in items]


def test_tags_come_in_cursor_pages_by_name(api):
    ArticleFactory(published=True, tags=["Delta", "Alpha", "Echo"])
    ArticleFactory(published=True, tags=["Charlie", "Bravo"])
    items, pages = follow(api, "/api/v1/tags/?limit=2")
    assert names(items) == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"] and pages == 3
    assert set(items[0]) == {"slug", "name", "url"}


def test_authors_come_in_cursor_pages_by_name(api):
    same_name = [AuthorFactory(name="Sok Dara", slug=f"sok-dara-{n}") for n in (2, 1)]  # names need not be unique
    ArticleFactory(published=True, authors=[AuthorFactory(name="Ann Writer"), *same_name])
    ArticleFactory(published=True, authors=[AuthorFactory(name="Bo Lim")])
    items, pages = follow(api, "/api/v1/authors/?limit=1")
    assert names(items) == ["Ann Writer", "Bo Lim", "Sok Dara", "Sok Dara"] and pages == 4
    assert [item["slug"] for item in items[2:]] == [a.slug for a in sorted(same_name, key=lambda a: a.pk)]


def test_pages_stay_right_while_tags_come_and_go(api):
    first_story = ArticleFactory(published=True, tags=["Alpha", "Bravo"])
    ArticleFactory(published=True, tags=["Charlie", "Echo"])
    delta_story = ArticleFactory(published=True, tags=["Delta"])
    first = api.get("/api/v1/tags/", {"limit": 2}).json()
    assert names(first["items"]) == ["Alpha", "Bravo"]
    rewrite(first_story, tags=["Alpha", "Bravo", "Able"])  # sorts before the cursor: on page one next time
    Article.objects.filter(pk=delta_story.pk).update(status=Status.UNPUBLISHED)
    cache.clear()  # the row was changed behind the write path's back
    rest, _pages = follow(api, first["next"])
    assert names(rest) == ["Charlie", "Echo"]  # no repeat, no gap, none of the earlier ones again


def test_internal_tags_are_never_listed(api):
    tag("needs-photo", internal=True)
    ArticleFactory(published=True, tags=["needs-photo", "Rice"])
    items, _pages = follow(api, "/api/v1/tags/?limit=1")
    assert names(items) == ["Rice"]


@pytest.mark.parametrize("url", ["/api/v1/tags/", "/api/v1/authors/"])
def test_a_cursor_of_another_list_or_a_forged_one_is_400(api, url):
    ArticleFactory(published=True, authors=[AuthorFactory(), AuthorFactory()])
    ArticleFactory(published=True, authors=[AuthorFactory()])
    story_cursor = api.get("/api/v1/stories/", {"limit": 1}).json()["next"].split("cursor=")[1].split("&")[0]
    for cursor in [story_cursor, "forged"]:
        response = api.get(url, {"cursor": cursor})
        assert response.status_code == 400 and "cursor" in response.json()["detail"]


def test_tag_pages_are_cached_and_dropped_when_a_tag_changes(api):
    cache.clear()
    ArticleFactory(published=True, tags=["Zucchini", "Rice"])
    url = "/api/v1/tags/?limit=1"
    api.get(url)
    assert api.get(url)["X-Reader-Cache"] == "hit"
    zucchini = Tag.objects.get(name="Zucchini")
    zucchini.name = "Aubergine"  # renamed: it now sorts first
    zucchini.save()
    assert names(api.get(url).json()["items"]) == ["Aubergine"]
    api.get(url)
    tag_profile = zucchini.profile
    tag_profile.internal = True
    tag_profile.save()
    assert names(api.get(url).json()["items"]) == ["Rice"]


def test_author_pages_are_cached_and_dropped_when_an_author_changes(api):
    cache.clear()
    writer = AuthorFactory(name="Zed Writer")
    ArticleFactory(published=True, authors=[writer, AuthorFactory(name="Mia Lee")])
    url = "/api/v1/authors/?limit=1"
    assert names(api.get(url).json()["items"]) == ["Mia Lee"]
    assert api.get(url)["X-Reader-Cache"] == "hit"
    writer.name = "Abe Writer"
    writer.save()
    assert names(api.get(url).json()["items"]) == ["Abe Writer"]
    ArticleFactory(published=True, authors=[AuthorFactory(name="Aaron First")])  # a story goes live
    assert names(api.get(url).json()["items"]) == ["Aaron First"]


def test_openapi_shows_the_pages(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path, schema in [("/api/v1/tags/", "TagPage"), ("/api/v1/authors/", "AuthorPage")]:
        operation = spec["paths"][path]["get"]
        assert {p["name"] for p in operation["parameters"]} == {"cursor", "limit"}
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith(f"/{schema}")
        assert set(spec["components"]["schemas"][schema]["properties"]) == {"items", "next"}
