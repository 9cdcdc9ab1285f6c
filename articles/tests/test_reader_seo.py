"""Machine-readable metadata on story pages: JSON-LD NewsArticle, Open Graph, Twitter, canonical."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from articles.tests.factories import ArticleFactory, AuthorFactory, LeadImageFactory, PublishedCorrectionFactory

pytestmark = pytest.mark.django_db

# Google's Article structured data: every recommended property (all are optional, none required).
GOOGLE_RECOMMENDED = {"author", "dateModified", "datePublished", "headline", "image"}


@pytest.fixture
def story(settings):
    settings.SITE_URL = "https://news.example"
    article = ArticleFactory(
        published=True, headline="Rice exports </script><b>rise</b>", dek="A record year & more.",
        authors=[AuthorFactory(name="Sophea Lim"), AuthorFactory(name="Dara Kem")], tags=["Rice"],
        lead_image=LeadImageFactory(),
    )
    article.updated_at = timezone.now() + timedelta(minutes=1)
    article.save()
    PublishedCorrectionFactory(article=article, text="We misspelt a name.")
    return article


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_json_ld_is_a_complete_news_article(client, story):
    data = json_ld(client.get(story.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert GOOGLE_RECOMMENDED <= data.keys()
    assert data["headline"] == story.headline
    assert data["image"][0].startswith("https://news.example/media/")
    assert data["datePublished"] < data["dateModified"]
    assert [a["name"] for a in data["author"]] == ["Sophea Lim", "Dara Kem"]
    assert all(a["url"].startswith("https://news.example/author/") for a in data["author"])
    assert data["publisher"]["name"] and data["publisher"]["logo"]["url"].endswith(".png")
    url = f"https://news.example{story.get_absolute_url()}"
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert data["correction"][0]["text"] == "We misspelt a name."


def test_json_ld_cannot_break_out_of_its_script(client, story):
    page = client.get(story.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "</script>" not in script and "<b>" not in script


def test_json_ld_without_image_or_author_still_has_every_property(client):
    article = ArticleFactory(published=True, credit_line="Reuters")
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert GOOGLE_RECOMMENDED <= data.keys()
    assert data["author"][0]["name"] == "Reuters" and data["author"][0]["url"]
    assert data["image"]


def meta(page):
    tree = lxml_html.fromstring(page)
    found = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name")
        if key:
            found.setdefault(key, el.get("content"))
    return tree, found


def test_open_graph_twitter_canonical_and_description(client, story):
    tree, tags = meta(client.get(story.get_absolute_url()).content.decode())
    url = f"https://news.example{story.get_absolute_url()}"
    assert tree.xpath("//link[@rel='canonical']/@href") == [url]
    assert tags["description"] == "A record year & more."
    assert tags["og:type"] == "article" and tags["og:url"] == url and tags["og:title"] == story.headline
    # The share-card crop (1200×630 shape, never upscaled: this picture is 800 wide) of the lead picture.
    assert tags["og:image"] == f"https://news.example/images/{story.lead_image.pk}/og-w1200.jpeg"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("800", "420")
    served = client.get(tags["og:image"].removeprefix("https://news.example"))
    assert served.status_code in (200, 302) and served["Content-Type"] in ("image/jpeg", "text/html; charset=utf-8")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["article:published_time"] and tags["article:modified_time"]


def test_canonical_override_and_seo_fields(client):
    article = ArticleFactory(published=True, canonical_url="https://wire.example/original",
                             seo_title="Short SEO title", seo_description="Custom description.")
    tree, tags = meta(client.get(article.get_absolute_url()).content.decode())
    assert tree.xpath("//link[@rel='canonical']/@href") == ["https://wire.example/original"]
    assert tree.findtext(".//title").startswith("Short SEO title")
    assert tags["description"] == "Custom description."


def test_list_pages_have_canonical_and_description(client, settings):
    settings.SITE_URL = "https://news.example"
    ArticleFactory(published=True, tags=["Rice"])
    for url in ["/", "/tag/rice/", "/corrections/"]:
        tree, tags = meta(client.get(url).content.decode())
        assert tree.xpath("//link[@rel='canonical']/@href") == [f"https://news.example{url}"], url
        assert tags["description"], url
