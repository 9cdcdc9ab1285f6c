import pytest

from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_and_article_in_a_real_browser(live_server, page, screenshot_dir):
    article = ArticleFactory(published=True, headline="Browser smoke headline")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Browser smoke headline").click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Browser smoke headline"
    page.screenshot(path=str(screenshot_dir / "smoke-article.png"), full_page=True)
