"""Tag pages with a voice (description, picture) and internal tags kept off every reader path."""

import json
import re

import pytest
from taggit.models import Tag

from articles.models import ArticleSearchDocument, TagProfile
from articles.tests.factories import ArticleFactory, LeadImageFactory
from articles.tests.tag_helpers import tag

pytestmark = pytest.mark.django_db


def test_the_tag_page_shows_its_sanitised_description_and_picture(client):
    rice = tag("Rice", description='<p>All about <strong>rice</strong>.</p><script>alert("x")</script>')
    profile = TagProfile.objects.get(tag=rice)
    profile.image = LeadImageFactory()
    profile.save()
    ArticleFactory(published=True, tags=[rice])
    page = client.get("/tag/rice/").content.decode()
    assert "<p>All about <strong>rice</strong>.</p>" in page and "alert" not in page
    assert 'class="tag-image"' in page and "<picture" in page
    assert '<meta name="description" content="All about rice' in page


@pytest.mark.parametrize("feed", ["rss", "atom"])
def test_the_tag_feed_carries_the_description(client, feed):
    rice = tag("Rice", description="<p>All about rice &amp; paddy.</p>")
    ArticleFactory(published=True, tags=[rice])
    assert "All about rice &amp; paddy." in client.get(f"/tag/rice/{feed}/").content.decode()


def test_internal_tags_stay_off_story_pages_feeds_json_ld_and_search(client):
    tag("Needs photo", internal=True)
    story = ArticleFactory(published=True, headline="Floods", tags=["Needs photo", "Weather"])
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Weather" in page and "Needs photo" not in page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])
    assert ld["keywords"] == ["Weather"]
    for feed in ["/rss/", "/atom/", "/tag/weather/rss/"]:
        text = client.get(feed).content.decode()
        assert "Weather" in text and "Needs photo" not in text, feed
    assert "needs-photo" not in client.get("/sitemap-tags.xml").content.decode()
    assert client.get("/tag/needs-photo/").status_code == 404
    assert "Needs photo" not in ArticleSearchDocument.objects.get(article=story).standfirst_text
    assert story.public_tags == [Tag.objects.get(name="Weather")]


def test_marking_a_tag_internal_takes_it_off_the_cached_pages(client):
    tag("Weather")
    story = ArticleFactory(published=True, tags=["Weather"])
    assert "Weather" in client.get(story.get_absolute_url()).content.decode()
    profile = TagProfile.objects.get(tag__name="Weather")
    profile.internal = True
    profile.save()
    assert "Weather" not in client.get(story.get_absolute_url()).content.decode()
    assert client.get("/tag/weather/").status_code == 404


def test_a_tag_turned_internal_leaves_the_search_documents(django_capture_on_commit_callbacks):
    story = ArticleFactory(published=True, tags=["Weather"])
    assert "Weather" in ArticleSearchDocument.objects.get(article=story).standfirst_text
    with django_capture_on_commit_callbacks(execute=True):
        profile = TagProfile.objects.get(tag__name="Weather")
        profile.internal = True
        profile.save()
    assert "Weather" not in ArticleSearchDocument.objects.get(article=story).standfirst_text
