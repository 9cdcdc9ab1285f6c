"""A fixed number of SQL queries per page, however many stories, tags, authors and images it shows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.caching import next_due
from articles.models import Article, Status, StoryParts, StoryViews
from articles.reader import most_read
from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    LeadImageFactory,
    LiveCoverageFactory,
    PublishedCorrectionFactory,
    SectionFactory,
)
from articles.reader.parts import render_missing
from articles.reader.layout import menu_sections

pytestmark = pytest.mark.django_db

# Each page's budget, with the page cache empty (a cached page runs none). Listings (never counted:
# ``IdsFirstPaginator``): the page's ids, its stories with only what their stored cards need, those
# stories again, whole, whose cards are rendered now, with their lead pictures, and their credits
# (neither when all are stored); and the subject (the home page: the ids of its by-section blocks,
# read with the page's stories). A story: itself with its stored parts, its related stories (read as
# listings' stories are: again whole, and their credits, when their cards are rendered now), and its
# corrections when it has any. Renditions cost no query: each image lists the renditions already made
# (``Image.made_renditions``).
BUDGETS = {
    "home": 5,
    "home_page_2": 4,
    "article": 4,
    "section": 5,
    "tag": 5,
    "tag_page_2": 5,
    "author": 5,
    "archive": 9,
    "search": 6,
    "corrections": 3,
    "rss": 4,
    "atom": 4,
    "sitemap_stories": 2,
    "news_sitemap": 3,
}


def make_stories(count):
    section = SectionFactory(name="Busy", slug="busy")
    authors = [AuthorFactory(name="Writer One"), AuthorFactory(name="Writer Two")]
    image = LeadImageFactory()
    stories = [
        ArticleFactory(
            published=True, headline=f"Busy story about rice {n}", section=section,
            tags=["Rice", "Trade", f"Topic {n}"], authors=authors, lead_image=image,
        )
        for n in range(count)
    ]
    for story in stories[:3]:
        PublishedCorrectionFactory(article=story)
    for n, story in enumerate(stories[-3:]):  # live blogs: their cards' "Live" badge is joined, not queried
        LiveCoverageFactory(article=story)
        StoryViews.objects.create(article=story, day=timezone.localdate(), views=n + 1)  # on the most-read list
    return stories


def urls(stories):
    article = stories[len(stories) // 2]
    day = article.url_date
    return {
        "home": "/",
        "home_page_2": "/?page=2",
        "article": article.get_absolute_url(),
        "section": "/section/busy/",
        "tag": "/tag/rice/",
        "tag_page_2": "/tag/rice/?page=2",
        "author": "/author/writer-one/",
        "archive": f"/{day.year}/{day.month:02d}/{day.day:02d}/",
        "search": "/search/?q=rice",
        "corrections": "/corrections/",
        "rss": "/rss/",
        "atom": "/atom/",
        "sitemap_stories": "/sitemap-stories.xml",
        "news_sitemap": "/news-sitemap.xml",
    }


def warm_shared_state():
    """What every page shares and the cache keeps between changes: the section menu, the next
    scheduled publication time and the most-read list."""
    menu_sections()
    next_due()
    most_read.current_list()


def rendered(client, url):
    """``url``, viewed once: a story's page is measured with its parts stored, as every view after the
    first of each version finds them (an editorial save stores them ahead: ``articles.reader.parts``;
    the first view's own budget is in ``test_story_parts``). Listings are measured with their cards
    rendered now (the most they cost; stored cards spare a query: ``test_stored_cards_spare_a_query``)."""
    client.get(url)
    return url


def count_queries(client, url):
    """Queries of one page with the page cache empty and the shared state warm, as in production."""
    cache.clear()
    warm_shared_state()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_queries_stay_within_budget_and_do_not_grow(client, page, django_assert_max_num_queries):
    few = count_queries(client, rendered(client, urls(make_stories(21))[page]))  # enough for a second page
    more_stories = [ArticleFactory(published=True, section=SectionFactory(slug="busy"), tags=["Rice", "More"],
                                   authors=[AuthorFactory(name="Writer One"), AuthorFactory(name="Writer Three")],
                                   lead_image=LeadImageFactory()) for _ in range(20)]
    url = rendered(client, urls(more_stories)[page] if page == "article" else urls(more_stories + more_stories)[page])
    cache.clear()
    warm_shared_state()
    with django_assert_max_num_queries(BUDGETS[page]):
        response = client.get(url)
    assert response.status_code == 200
    assert count_queries(client, url) <= few, f"{page}: more queries with more stories than the {few} with fewer"


@pytest.mark.parametrize("page", ["home", "section", "tag", "author", "archive"])
def test_stored_cards_spare_a_query(client, page):
    """With every card stored (``render_story_parts``, editorial saves), no story's credits or pictures are read."""
    stories = make_stories(21)
    for story in stories[-3:]:
        story.live_coverage.delete()  # live blogs' cards are always rendered now
    url = urls(stories)[page]
    rendered_now = count_queries(client, url)
    render_missing()
    assert count_queries(client, url) == rendered_now - 2


def test_home_sections_rank_only_the_newest_stories():
    """The home page's latest-by-section query looks at a bounded set of recent stories, not the archive."""
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    now = timezone.now()
    busy, quiet = SectionFactory(name="Busy", slug="busy"), SectionFactory(name="Quiet", slug="quiet")
    ArticleFactory(published=True, section=quiet, headline="Old quiet story", publish_at=now - timedelta(days=9))
    for n in range(5):
        ArticleFactory(published=True, section=busy, publish_at=now - timedelta(hours=n + 1))
    ranked = Article.objects.published().latest_per_section_ids(per_section=4, among=5)
    assert [a.section.slug for a in Article.objects.filter(pk__in=ranked)] == ["busy"] * 4
    everything = Article.objects.published().latest_per_section_ids(per_section=4, among=50)
    assert {a.section.slug for a in Article.objects.filter(pk__in=everything)} == {"busy", "quiet"}


def test_home_sections_are_kept_until_a_story_joins_the_latest(client, settings):
    """The by-section blocks' ids (newest 1,000 rows) are read once, then kept until the latest stories
    change: a story published in another section shows in its block on the next render."""
    settings.READER_PAGE_CACHE_SECONDS = 0
    make_stories(3)
    cache.clear()
    warm_shared_state()
    first = count_kept(client, "/")
    again = count_kept(client, "/")
    assert again == first - 1
    quiet = SectionFactory(name="Quiet", slug="quiet")
    ArticleFactory(published=True, section=quiet, headline="Quiet harbour reopens",  # older: the lead stays
                   publish_at=timezone.now() - timezone.timedelta(hours=2))
    page = client.get("/").content.decode()
    assert 'id="section-quiet"' in page and "Quiet harbour reopens" in page


def test_a_story_page_reads_its_related_cards_with_the_story_and_only_live_ones(client, settings):
    """With the related stories kept with the story's parts, one query reads the story and their cards
    (``story_reads.related_stories``), each through ``published()``: one that left readers never shows."""
    settings.READER_PAGE_CACHE_SECONDS = 0
    story, *others = [ArticleFactory(published=True, headline=f"Rice harvest story {n}", tags=["Rice", "Trade"])
                      for n in range(4)]
    render_missing()
    client.get(story.get_absolute_url())  # ranks the related stories and keeps them with its parts
    cache.clear()
    warm_shared_state()
    first = count_kept(client, story.get_absolute_url())
    page = client.get(story.get_absolute_url()).content.decode()
    assert first == 1 and all(other.headline in page for other in others)
    Article.objects.filter(pk=others[0].pk).update(status=Status.DRAFT)  # still among the kept ids
    page = client.get(story.get_absolute_url()).content.decode()
    assert others[0].headline not in page and others[1].headline in page


def test_related_stories_whose_cards_cannot_be_used_are_read_once_whole(client, settings):
    """A related story without usable stored cards is read whole, once: not as a card row first."""
    settings.READER_PAGE_CACHE_SECONDS = 0
    story, *others = [ArticleFactory(published=True, headline=f"Rice harvest story {n}", tags=["Rice", "Trade"])
                      for n in range(4)]
    render_missing()
    client.get(story.get_absolute_url())  # ranks the related stories and keeps them with its parts
    StoryParts.objects.filter(article__in=others).delete()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(story.get_absolute_url()).content.decode()
    assert all(other.headline in page for other in others)
    assert not any('AS "parts__card_keys"' in query["sql"] for query in queries.captured_queries)


def count_kept(client, url):
    """Queries of one page with whatever the cache kept from the previous render."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


LIST_PAGES = ["/", "/?page=2", "/section/busy/", "/tag/rice/", "/author/writer-one/", "/search/?q=rice", "/rss/",
              "/atom/", "/section/busy/rss/", "/tag/rice/atom/", "/author/writer-one/rss/"]


def fill_list(tags_each, authors_each, offset):
    section = SectionFactory(name="Busy", slug="busy")
    first = AuthorFactory(name="Writer One", slug="writer-one")
    for n in range(21):
        others = [AuthorFactory(photo=LeadImageFactory()) for _ in range(authors_each - 1)]
        ArticleFactory(
            published=True, headline=f"Rice story {offset + n}", section=section, authors=[first, *others],
            tags=["Rice", *[f"Tag {offset + n}-{t}" for t in range(tags_each - 1)]], lead_image=LeadImageFactory(),
        )


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_cost_the_same_with_many_more_tags_and_authors_per_story(client, url):
    """Twenty stories with one tag and one author each, then forty with six tags and four authors each."""
    fill_list(tags_each=1, authors_each=1, offset=0)
    plain = count_queries(client, url)
    fill_list(tags_each=6, authors_each=4, offset=100)
    assert count_queries(client, url) <= plain, url


# Issue 13's blocks: live blogs, their fragment and feed, most read, the breaking banner, editable pages.
READER_SITE_BUDGETS = {
    "live_blog": 12,
    "live_updates": 3,
    "live_rss": 3,
    "most_read": 2,
    "breaking": 2,
    "site_page": 3,
}


def make_live_blog(updates, readers):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import StoryViews
    from articles.tests.factories import BreakingNewsFactory, LiveCoverageFactory, LiveUpdateFactory

    story, _related = (ArticleFactory(published=True, authors=[AuthorFactory(photo=LeadImageFactory())], tags=["Rice"],
                                      lead_image=LeadImageFactory()) for _ in range(2))
    LiveCoverageFactory(article=story)
    for n in range(updates):
        LiveUpdateFactory(article=story, key_event=n % 3 == 0, published_at=timezone.now() - timedelta(minutes=n))
    for n in range(readers):
        StoryViews.objects.create(article=ArticleFactory(published=True), day=timezone.localdate(), views=n + 1)
    BreakingNewsFactory(article=story)
    return {
        "live_blog": story.get_absolute_url(),
        "live_updates": f"/live/{story.pk}/updates/",
        "live_rss": f"/live/{story.pk}/rss/",
        "most_read": "/most-read/",
        "breaking": "/breaking.json",
        "site_page": "/about/",
    }


@pytest.mark.parametrize("page", sorted(READER_SITE_BUDGETS))
def test_reader_site_blocks_stay_within_budget_and_do_not_grow(client, page, django_assert_max_num_queries):
    few = count_queries(client, make_live_blog(updates=2, readers=1)[page])
    url = make_live_blog(updates=40, readers=12)[page]
    cache.clear()
    with django_assert_max_num_queries(READER_SITE_BUDGETS[page]):
        assert client.get(url).status_code == 200
    assert count_queries(client, url) <= few, f"{page}: more queries with more updates and readers"
