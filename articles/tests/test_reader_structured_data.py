"""JSON-LD and the Google News sitemap as Google's documentation describes them."""

import json
import re

import pytest
from lxml import etree

from articles.templatetags.reader import news_language
from articles.tests.factories import ArticleFactory, AuthorFactory, ImageFactory, LeadImageFactory

pytestmark = pytest.mark.django_db

NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def json_ld(client, story):
    page = client.get(story.get_absolute_url()).content.decode()
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def test_image_lists_the_original_and_16x9_4x3_and_1x1_renditions(client, settings):
    settings.SITE_URL = "https://news.example"
    story = ArticleFactory(published=True, lead_image=LeadImageFactory(), authors=[AuthorFactory(name="Dara Kem")])
    images = json_ld(client, story)["image"]
    assert images[0].startswith("https://news.example/media/")
    assert any("/16x9-w1280." in url for url in images) and any("/1x1-w1280." in url for url in images)
    assert any("/4x3-w1280." in url for url in images)
    assert all(url.startswith("https://news.example/") for url in images) and len(set(images)) == len(images)
    for url in images[1:]:
        assert client.get(url.removeprefix("https://news.example")).status_code in (200, 302), url


def test_a_picture_without_a_file_falls_back_to_the_logo(client):
    story = ArticleFactory(published=True, lead_image=ImageFactory(file=""))
    assert json_ld(client, story)["image"][0].endswith("/static/img/logo.png")


def test_authors_have_urls_and_dates_are_full_iso_times(client):
    story = ArticleFactory(published=True, authors=[AuthorFactory(name="Sophea Lim")])
    data = json_ld(client, story)
    assert data["author"][0]["url"].endswith("/author/sophea-lim/")
    for key in ("datePublished", "dateModified"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)", data[key]), data[key]


@pytest.mark.parametrize("code, expected", [
    ("en", "en"), ("en-GB", "en"), ("km", "km"), ("pt_BR", "pt"), ("zh-hans", "zh-cn"), ("zh-TW", "zh-tw"), ("", "en"),
])
def test_news_sitemap_language_codes(code, expected, settings):
    settings.LANGUAGE_CODE = "en"
    assert news_language(code) == expected


def test_news_sitemap_entries_have_every_required_element(client):
    story = ArticleFactory(published=True, language="en-GB", headline="Rice <exports> & more")
    root = etree.fromstring(client.get("/news-sitemap.xml").content)
    (url,) = root.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc").endswith(story.get_absolute_url())
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name")
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Rice <exports> & more"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*", news.findtext(f"{NEWS}publication_date"))


