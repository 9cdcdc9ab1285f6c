"""A fixed number of SQL queries per page, however many stories, tags, authors and images it shows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    LeadImageFactory,
    PublishedCorrectionFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

# Each page's budget, with the per-page cache empty (a cached page costs one query).
BUDGETS = {
    "home": 12,
    "home_page_2": 8,
    "article": 12,
    "section": 9,
    "tag": 9,
    "author": 9,
    "archive": 12,
    "search": 10,
    "corrections": 6,
    "rss": 7,
    "atom": 7,
    "sitemap_stories": 4,
    "news_sitemap": 4,
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
        "author": "/author/writer-one/",
        "archive": f"/{day.year}/{day.month:02d}/{day.day:02d}/",
        "search": "/search/?q=rice",
        "corrections": "/corrections/",
        "rss": "/rss/",
        "atom": "/atom/",
        "sitemap_stories": "/sitemap-stories.xml",
        "news_sitemap": "/news-sitemap.xml",
    }


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_queries_stay_within_budget_and_do_not_grow(client, page, django_assert_max_num_queries):
    few = count_queries(client, urls(make_stories(21))[page])  # enough for a second page
    more_stories = [ArticleFactory(published=True, section=SectionFactory(slug="busy"), tags=["Rice", "More"],
                                   authors=[AuthorFactory(name="Writer One"), AuthorFactory(name="Writer Three")],
                                   lead_image=LeadImageFactory()) for _ in range(20)]
    url = urls(more_stories)[page] if page == "article" else urls(more_stories + more_stories)[page]
    cache.clear()
    with django_assert_max_num_queries(BUDGETS[page]):
        response = client.get(url)
    assert response.status_code == 200
    assert count_queries(client, url) <= few, f"{page}: more queries with more stories than the {few} with fewer"
