"""Structural accessibility of every reader page: language, landmarks, one h1, heading order,
alt text, labelled form fields, a working skip link."""

import pytest
from lxml import html as lxml_html

from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    LeadImageFactory,
    PublishedCorrectionFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    section = SectionFactory(name="Business", slug="business")
    author = AuthorFactory(name="Sophea Lim", photo=LeadImageFactory())
    article = ArticleFactory(published=True, section=section, authors=[author], tags=["Rice"],
                             lead_image=LeadImageFactory(), body="<h2>A subhead</h2><p>Text.</p>")
    for n in range(3):
        ArticleFactory(published=True, section=section, tags=["Rice"], lead_image=LeadImageFactory())
    PublishedCorrectionFactory(article=article)
    day = article.url_date
    return ["/", "/?page=1", article.get_absolute_url(), "/section/business/", "/tag/rice/",
            author.get_absolute_url(), f"/{day.year}/{day.month:02d}/", "/search/?q=story", "/search/",
            "/corrections/", "/no-such-page/"]


def test_pages_have_sound_structure(client, pages):
    for url in pages:
        response = client.get(url)
        tree = lxml_html.fromstring(response.content)
        assert tree.get("lang"), url
        assert len(tree.findall(".//main")) == 1 and tree.find(".//main").get("id") == "main", url
        assert tree.find(".//header") is not None and tree.find(".//footer") is not None, url
        assert all(nav.get("aria-label") for nav in tree.iter("nav")), url
        first_link = tree.find(".//body//a")
        assert first_link.get("href") == "#main" and "skip" in first_link.text_content().lower(), url
        headings = [int(el.tag[1]) for el in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert headings.count(1) == 1 and headings[0] == 1, (url, headings)
        assert all(b - a <= 1 for a, b in zip(headings, headings[1:])), (url, headings)
        assert all(img.get("alt") is not None for img in tree.iter("img")), url
        labelled = {label.get("for") for label in tree.iter("label")}
        for field in tree.iter("input"):
            assert field.get("id") in labelled or field.get("aria-label"), (url, field.get("name"))
        ids = [el.get("id") for el in tree.iter() if el.get("id")]
        assert len(ids) == len(set(ids)), (url, ids)
