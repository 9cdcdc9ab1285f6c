"""Author pages and cards, share links, and the structured data of authors (Person), live blogs
(LiveBlogPosting) and the publisher (Organization), checked against their required properties."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError

from articles.reader.structured_data import REQUIRED
from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    LeadImageFactory,
    LiveCoverageFactory,
    LiveUpdateFactory,
)

pytestmark = pytest.mark.django_db
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)")


def blocks(html):
    return [json.loads(text) for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def of_type(html, kind):
    found = [data for data in blocks(html) if data.get("@type") == kind]
    assert len(found) == 1, f"{kind}: {len(found)} blocks"
    return found[0]


def assert_required(data, kind):
    missing = [key for key in REQUIRED[kind] if data.get(key) in (None, "", [])]
    assert not missing, f"{kind} lacks {missing}"


@pytest.fixture
def writer():
    return AuthorFactory(name="Sophea Lim", job_title="Business correspondent", bio="Covers trade and farming.",
                         photo=LeadImageFactory(), links=["https://sophea.example/", "https://x.com/sophealim"])


def test_author_page_shows_photo_job_bio_links_stories_and_person_data(client, settings, writer):
    settings.SITE_URL = "https://news.example"
    ArticleFactory(published=True, headline="Rice exports rise", authors=[writer])
    html = client.get("/author/sophea-lim/").content.decode()
    for text in ("Business correspondent", "Covers trade and farming.", 'href="https://x.com/sophealim"',
                 "Rice exports rise", "/1x1-w"):
        assert text in html, text
    person = of_type(html, "Person")
    assert_required(person, "Person")
    assert person["sameAs"] == writer.links and person["url"] == "https://news.example/author/sophea-lim/"
    assert person["jobTitle"] == "Business correspondent" and person["image"].startswith("https://news.example/")


def test_story_ends_with_a_compact_author_card_at_no_extra_query_cost(client, writer):
    story = ArticleFactory(published=True, authors=[writer])
    html = client.get(story.get_absolute_url()).content.decode()
    card = html[html.index('class="author-cards"'):]
    assert "Sophea Lim" in card and "Business correspondent" in card and "Covers trade" in card
    assert f"/images/{writer.photo_id}/1x1-w320.jpeg" in card
    assert client.get(f"/images/{writer.photo_id}/1x1-w320.jpeg").status_code in (200, 302)


@pytest.mark.parametrize("links", [["javascript:alert(1)"], ["ftp://x.example/"], "https://one.example/", [3]])
def test_author_links_must_be_http_addresses(links):
    author = AuthorFactory(name="Bad Links")
    author.links = links
    with pytest.raises(ValidationError):
        author.full_clean()


def test_author_admin_takes_one_link_a_line(admin_client):
    author = AuthorFactory(name="Dara Kem")
    response = admin_client.post(f"/admin/articles/author/{author.pk}/change/", {
        "name": "Dara Kem", "slug": "dara-kem", "job_title": "", "bio": "",
        "links": "https://dara.example/\n\n https://t.me/darakem \n"})
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.links == ["https://dara.example/", "https://t.me/darakem"]
    bad = admin_client.post(f"/admin/articles/author/{author.pk}/change/", {
        "name": "Dara Kem", "slug": "dara-kem", "links": "javascript:alert(1)"})
    assert bad.status_code == 200 and "not an http or https address" in bad.content.decode()


def test_share_links_are_plain_addresses_without_scripts_or_trackers(client, settings):
    settings.SITE_URL = "https://news.example"
    story = ArticleFactory(published=True, headline="Rice & fish")
    html = client.get(story.get_absolute_url()).content.decode()
    url = f"https://news.example{story.get_absolute_url()}"
    links = dict(re.findall(r'<a class="share-(\w+)" href="([^"]+)"', html))
    assert set(links) == {"email", "whatsapp", "telegram", "x", "facebook", "linkedin"}
    for key, href in links.items():
        query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert any(url in value for values in query.values() for value in values), key
        assert "utm_" not in href
    assert "data-copy-link" in html and "data-share-native" in html
    assert re.findall(r'<script[^>]+src="([^"]+)"', html) == ["/static/newsroom/reader/reader.js"]


def test_live_blog_posting_has_required_properties_and_its_updates(client, settings):
    settings.SITE_URL = "https://news.example"
    coverage = LiveCoverageFactory(article__headline="Floods live")
    first = LiveUpdateFactory(article=coverage.article, headline="Water rising")
    second = LiveUpdateFactory(article=coverage.article, headline="", body="<p>Bridge closed at noon.</p>")
    html = client.get(coverage.article.get_absolute_url()).content.decode()
    data = of_type(html, "LiveBlogPosting")
    assert_required(data, "LiveBlogPosting")
    assert not [b for b in blocks(html) if b.get("@type") == "NewsArticle"]
    assert ISO.fullmatch(data["coverageStartTime"]) and ISO.fullmatch(data["coverageEndTime"])
    assert data["coverageEndTime"] > data["coverageStartTime"]
    updates = data["liveBlogUpdate"]
    for update in updates:
        assert_required(update, "BlogPosting")
    by_url = {u["url"].rsplit("#", 1)[1]: u for u in updates}
    assert by_url[f"update-{first.pk}"]["headline"] == "Water rising"
    assert by_url[f"update-{second.pk}"]["headline"] == "Bridge closed at noon."


def test_ended_live_blog_says_when_it_ended(client):
    from django.utils import timezone

    coverage = LiveCoverageFactory()
    coverage.ended_at = timezone.now()
    coverage.save()
    data = of_type(client.get(coverage.article.get_absolute_url()).content.decode(), "LiveBlogPosting")
    assert data["coverageEndTime"] == coverage.ended_at.isoformat()


def test_home_page_carries_the_organization_with_its_policies(client, settings):
    settings.SITE_URL = "https://news.example"
    ArticleFactory(published=True)
    data = of_type(client.get("/").content.decode(), "NewsMediaOrganization")
    missing = [key for key in REQUIRED["Organization"] if key not in ("@type",) and not data.get(key)]
    assert not missing
    assert data["publishingPrinciples"] == "https://news.example/ethics/"
    assert data["correctionsPolicy"] == "https://news.example/corrections-policy/"
    assert data["masthead"] == "https://news.example/masthead/"
    for key in ("publishingPrinciples", "correctionsPolicy", "masthead"):
        assert client.get(data[key].removeprefix("https://news.example")).status_code == 200
