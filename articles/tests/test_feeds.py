"""RSS 2.0 and Atom feeds: full text, authors, categories, enclosure; live stories only."""

import feedparser
import pytest
from lxml import etree

from articles.tests.factories import ArticleFactory, AuthorFactory, LeadImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


@pytest.fixture
def story(settings):
    settings.SITE_URL = "https://news.example"
    section = SectionFactory(name="Business", slug="business")
    return ArticleFactory(
        published=True, headline="Rice exports rise", dek="A record year.", section=section,
        body="<p>Full <strong>body</strong> text here.</p>", tags=["Rice", "Trade"],
        authors=[AuthorFactory(name="Sophea Lim"), AuthorFactory(name="Dara Kem")], lead_image=LeadImageFactory(),
    )


def test_latest_rss_has_full_text_authors_categories_and_enclosure(client, story):
    ArticleFactory(headline="Draft never in feeds")
    response = client.get("/rss/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    root = etree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("channel/item")
    assert len(items) == 1
    item = items[0]
    assert item.findtext("title") == "Rice exports rise"
    assert item.findtext("link") == f"https://news.example{story.get_absolute_url()}"
    assert "<strong>body</strong>" in item.findtext(f"{{{CONTENT_NS}}}encoded")
    creators = [el.text for el in item.findall("{http://purl.org/dc/elements/1.1/}creator")]
    assert creators == ["Sophea Lim", "Dara Kem"]
    assert {el.text for el in item.findall("category")} == {"Business", "Rice", "Trade"}
    enclosure = item.find("enclosure")
    assert enclosure.get("url").startswith("https://news.example/media/") and enclosure.get("type") == "image/jpeg"
    assert b"Draft never in feeds" not in response.content


def test_latest_atom_parses_with_content_and_authors(client, story):
    response = client.get("/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    entry = parsed.entries[0]
    assert entry.title == "Rice exports rise"
    assert "<strong>body</strong>" in entry.content[0].value
    assert [a.name for a in entry.authors] == ["Sophea Lim", "Dara Kem"]
    assert {t.term for t in entry.tags} == {"Business", "Rice", "Trade"}
    assert any(link.rel == "enclosure" for link in entry.links)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_section_tag_and_author_feeds(client, story, kind):
    author = story.byline_authors[0]
    for url in [f"/section/business/{kind}/", f"/tag/rice/{kind}/", f"{author.get_absolute_url()}{kind}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.bozo_exception)
        assert [e.title for e in parsed.entries] == ["Rice exports rise"], url


def test_feeds_of_subjects_with_only_drafts_are_404(client):
    author = AuthorFactory(name="Only Drafts")
    ArticleFactory(section=SectionFactory(slug="drafty"), tags=["Drafty tag"], authors=[author])
    for url in ["/section/drafty/rss/", "/tag/drafty-tag/atom/", f"{author.get_absolute_url()}rss/"]:
        assert client.get(url).status_code == 404, url


def test_every_page_advertises_its_feeds(client, story):
    author = story.byline_authors[0]
    pages = {
        "/": "/rss/",
        story.get_absolute_url(): "/section/business/rss/",
        "/section/business/": "/section/business/atom/",
        "/tag/rice/": "/tag/rice/rss/",
        author.get_absolute_url(): f"{author.get_absolute_url()}atom/",
        "/search/?q=rice": "/atom/",
        "/corrections/": "/rss/",
    }
    for url, feed in pages.items():
        page = client.get(url).content.decode()
        assert 'rel="alternate" type="application/rss+xml"' in page, url
        assert f'href="{feed}"' in page, url


def test_pictures_in_the_body_reach_feeds_with_absolute_addresses(client, settings):
    settings.SITE_URL = "https://news.example"
    picture = LeadImageFactory(alt_text="Boats on the river")
    ArticleFactory(published=True, headline="With a picture",
                   body=f'<p>Intro <a href="/tag/rice/">rice</a>.</p><figure data-image-id="{picture.pk}"></figure>')
    content = feedparser.parse(client.get("/rss/").content).entries[0].content[0].value
    assert 'alt="Boats on the river"' in content
    assert 'href="https://news.example/tag/rice/"' in content
    assert 'src="https://news.example/' in content and 'src="/' not in content and ' /images/' not in content


def test_atom_entries_without_a_byline_fall_back_to_the_publication(client):
    ArticleFactory(published=True, headline="No byline")
    parsed = feedparser.parse(client.get("/atom/").content)
    assert not parsed.bozo and parsed.feed.author
