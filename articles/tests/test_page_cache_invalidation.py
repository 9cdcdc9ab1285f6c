"""Exact invalidation: each kind of change drops exactly the cached pages showing what changed.

Runs on the default cache: Redis when REDIS_URL is set (as in CI), local memory otherwise.
"""

import pytest
from django.core.cache import cache

from articles import editorial
from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    LeadImageFactory,
    SectionFactory,
    UserFactory,
    rewrite,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    cache.clear()
    rice, fish = SectionFactory(name="Rice", slug="rice-desk"), SectionFactory(name="Fish", slug="fish-desk")
    ann, bob = AuthorFactory(name="Ann Writer"), AuthorFactory(name="Bob Writer")
    a1 = ArticleFactory(published=True, headline="Rice story", section=rice, tags=["Harvest"], authors=[ann])
    b1 = ArticleFactory(published=True, headline="Fish story", section=fish, tags=["Catch"], authors=[bob],
                        lead_image=LeadImageFactory())
    pages = {
        "home": "/", "a1": a1.get_absolute_url(), "b1": b1.get_absolute_url(),
        "rice": "/section/rice-desk/", "fish": "/section/fish-desk/", "harvest": "/tag/harvest/",
        "catch": "/tag/catch/", "ann": "/author/ann-writer/", "bob": "/author/bob-writer/", "rss": "/rss/",
        "fish rss": "/section/fish-desk/rss/", "search fish": "/search/?q=fish",
    }
    return {"a1": a1, "b1": b1, "rice": rice, "fish": fish, "ann": ann, "bob": bob, "pages": pages}


# The pages showing story a1 (its own, its listings, a search hit, every feed).
SHOWING_A1 = {"search fish", "home", "a1", "rice", "harvest", "ann", "rss", "fish rss"}


def warm(client, pages):
    for url in pages.values():
        assert client.get(url).status_code == 200, url
    assert all(client.get(url)["X-Reader-Cache"] == "hit" for url in pages.values())


def dropped(client, pages):
    """The names of the pages that are no longer served from the cache."""
    return {name for name, url in pages.items() if client.get(url).get("X-Reader-Cache") != "hit"}


def publisher():
    return UserFactory(username="chief", is_superuser=True)


def test_search_pages_follow_any_story_change(client, site, django_capture_on_commit_callbacks):
    warm(client, site["pages"])
    with django_capture_on_commit_callbacks(execute=True):
        rewrite(site["a1"], tags=["Harvest", "Fish"])  # a1 now matches "fish" although no search page showed it
    assert "search fish" in dropped(client, site["pages"])
    assert "Rice story" in client.get("/search/?q=fish").content.decode()


def test_a_cache_hit_runs_no_sql(client, site, django_assert_num_queries):
    warm(client, site["pages"])
    for url in site["pages"].values():
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response["X-Reader-Cache"] == "hit" and response.status_code == 200


def test_publishing_drops_the_listings_it_joins_and_nothing_else(client, site):
    warm(client, site["pages"])
    draft = ArticleFactory(headline="Brand new rice story", section=site["rice"], tags=["Harvest"], status="approved",
                           authors=[site["ann"]])
    assert dropped(client, site["pages"]) == set()  # a draft shows nowhere
    editorial.publish_article(article=draft, user=publisher())
    assert dropped(client, site["pages"]) == {"search fish", "home", "rice", "harvest", "ann", "rss", "fish rss"}
    assert "Brand new rice story" in client.get("/section/rice-desk/").content.decode()


def test_editing_a_live_story_drops_only_pages_showing_it(client, site):
    warm(client, site["pages"])
    rewrite(site["a1"], headline="Rice story, updated")
    assert dropped(client, site["pages"]) == SHOWING_A1
    assert "Rice story, updated" in client.get("/tag/harvest/").content.decode()


def test_a_correction_drops_the_story_and_the_feeds(client, site):
    warm(client, site["pages"])
    editorial.add_correction(article=site["a1"], user=publisher(), kind="correction", text="A fresh correction")
    assert dropped(client, site["pages"]) == SHOWING_A1
    assert "A fresh correction" in client.get(site["pages"]["a1"]).content.decode()


@pytest.mark.parametrize("step", ["unpublish", "kill"])
def test_unpublishing_or_killing_drops_every_page_showing_the_story(client, site, step):
    warm(client, site["pages"])
    if step == "unpublish":
        editorial.unpublish_article(article=site["a1"], user=publisher())
    else:
        editorial.kill_article(article=site["a1"], user=publisher(), note="Legal")
    assert dropped(client, site["pages"]) == SHOWING_A1
    assert "Rice story" not in client.get("/").content.decode()


def test_renaming_a_tag_or_an_author_drops_only_their_pages(client, site):
    warm(client, site["pages"])
    site["bob"].name = "Robert Writer"
    site["bob"].save()
    assert dropped(client, site["pages"]) == {"search fish", "home", "b1", "fish", "catch", "bob", "rss", "fish rss"}
    warm(client, site["pages"])
    tag = site["b1"].tags.get()
    tag.name = "Catches"
    tag.save()
    assert dropped(client, site["pages"]) == {"search fish", "b1", "catch", "rss", "fish rss"}  # cards show no tags


def test_changing_a_picture_drops_the_pages_showing_it(client, site):
    warm(client, site["pages"])
    image = site["b1"].lead_image
    image.alt_text = "A better description"
    image.save()
    assert dropped(client, site["pages"]) == {"search fish", "home", "b1", "fish", "catch", "bob"}


def test_retagging_drops_the_old_and_new_tag_pages(client, site):
    warm(client, site["pages"])
    rewrite(site["a1"], tags=["Harvest", "Catch"])
    assert dropped(client, site["pages"]) == SHOWING_A1 | {"catch"}


def test_a_section_change_drops_everything_since_its_name_is_in_every_menu(client, site):
    warm(client, site["pages"])
    site["fish"].name = "Fisheries"
    site["fish"].save()
    assert dropped(client, site["pages"]) == set(site["pages"])


def test_pages_carry_their_surrogate_keys(client, site):
    response = client.get(site["pages"]["a1"])
    keys = set(response["Surrogate-Key"].split())
    a1 = site["a1"]
    assert {"site", f"story:{a1.pk}", f"section:{a1.section_id}", f"author:{site['ann'].pk}"} <= keys
    assert set(response["Cache-Tag"].split(",")) == keys
    assert "feeds" in client.get("/rss/")["Surrogate-Key"].split()


def test_the_purge_hook_gets_the_changed_keys_after_commit(site, settings, django_capture_on_commit_callbacks):
    settings.READER_PURGE_HOOK = "articles.tests.test_page_cache_invalidation.remember_purge"
    PURGED.clear()
    a1 = site["a1"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rewrite(a1, headline="Purged headline")
    assert PURGED == []  # nothing is purged before the change commits
    for callback in callbacks:
        callback()
    assert {f"story:{a1.pk}", "feeds"} <= set().union(*PURGED)


PURGED = []


def remember_purge(keys):
    PURGED.append(set(keys))
