"""sitemap.xml (index and pages), the Google News sitemap and robots.txt."""

from datetime import timedelta

import pytest
from lxml import etree
from django.utils import timezone

from articles import sitemaps
from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://news.example"


def locations(response):
    root = etree.fromstring(response.content)
    return [el.text for el in root.iter(f"{SM}loc")]


def test_index_lists_each_sitemap_with_lastmod(client):
    ArticleFactory(published=True, tags=["Rice"], authors=[AuthorFactory()])
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    entries = root.findall(f"{SM}sitemap")
    assert {e.findtext(f"{SM}loc") for e in entries} == {
        f"https://news.example/sitemap-{name}.xml" for name in ("home", "stories", "sections", "tags", "authors")
    }
    assert all(e.findtext(f"{SM}lastmod") for e in entries)


def test_story_sitemap_has_live_stories_with_lastmod(client):
    live = ArticleFactory(published=True)
    draft = ArticleFactory()
    scheduled = ArticleFactory(published=True, publish_at=timezone.now() + timedelta(days=1))
    response = client.get("/sitemap-stories.xml")
    locs = locations(response)
    assert f"https://news.example{live.get_absolute_url()}" in locs
    assert not any(a.slug in loc for loc in locs for a in (draft, scheduled))
    assert etree.fromstring(response.content).find(f"{SM}url/{SM}lastmod") is not None


def test_sitemaps_split_into_pages(client, monkeypatch):
    monkeypatch.setattr(sitemaps.StorySitemap, "limit", 2)
    for _ in range(5):
        ArticleFactory(published=True)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-stories.xml?p=3" in index
    assert len(locations(client.get("/sitemap-stories.xml?p=3"))) == 1
    assert client.get("/sitemap-stories.xml?p=4").status_code == 404


def test_real_limits_are_within_the_protocol():
    assert sitemaps.StorySitemap.limit == 500  # small pages: each written and served quickly at 100,000 stories
    assert sitemaps.TagSitemap.limit == 50_000


def test_listing_sitemaps_only_have_pages_with_live_stories(client):
    author, hidden_author = AuthorFactory(name="Live Writer"), AuthorFactory(name="Hidden Writer")
    ArticleFactory(published=True, section=SectionFactory(slug="live"), tags=["Shown"], authors=[author])
    ArticleFactory(section=SectionFactory(slug="hidden"), tags=["Unshown"], authors=[hidden_author])
    locs = sum((locations(client.get(f"/sitemap-{name}.xml")) for name in ("sections", "tags", "authors")), [])
    assert "https://news.example/section/live/" in locs and "https://news.example/tag/shown/" in locs
    assert f"https://news.example{author.get_absolute_url()}" in locs
    assert not any("hidden" in loc or "unshown" in loc for loc in locs)


def test_news_sitemap_has_only_the_last_two_days(client):
    recent = ArticleFactory(published=True, headline="Fresh news & more")
    old = ArticleFactory(published=True, publish_at=timezone.now() - timedelta(days=3))
    old.first_published_at = old.publish_at
    old.save()
    ArticleFactory(headline="Draft news")
    response = client.get("/news-sitemap.xml")
    root = etree.fromstring(response.content)
    urls = root.findall(f"{SM}url")
    assert [u.findtext(f"{SM}loc") for u in urls] == [f"https://news.example{recent.get_absolute_url()}"]
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}title") == "Fresh news & more"
    assert news.findtext(f"{NEWS}publication/{NEWS}name")
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}publication_date").startswith(str(timezone.localdate(recent.first_published_at)))
