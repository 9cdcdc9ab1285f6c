import pytest

from articles.tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_home_lists_live_stories_only(client):
    live = ArticleFactory(published=True, headline="Live headline here")
    ArticleFactory(headline="Secret draft headline")
    response = client.get("/")
    assert response.status_code == 200
    assert live.headline in response.content.decode()
    assert "Secret draft headline" not in response.content.decode()


def test_article_page_renders(client):
    author = AuthorFactory(name="Sok Chea")
    article = ArticleFactory(published=True, dateline="PHNOM PENH", authors=[author], tags=["Cambodia"])
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{article.headline}</h1>" in html
    assert "PHNOM PENH" in html and "Sok Chea" in html and "Cambodia" in html


def test_draft_url_is_404(client):
    draft = ArticleFactory()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_wrong_date_redirects_to_canonical_url(client):
    article = ArticleFactory(published=True)
    response = client.get(f"/1999/01/01/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
