"""The reader site in a real browser at phone and desktop widths."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    LeadImageFactory,
    PublishedCorrectionFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [320, 1280]
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2


@pytest.fixture
def stories(settings):
    politics = SectionFactory(name="Politics", slug="politics", description="Government and elections.")
    business = SectionFactory(name="Business", slug="business")
    author = AuthorFactory(name="Sophea Lim", bio="Covers the Mekong economy.", photo=LeadImageFactory())
    main = ArticleFactory(
        published=True, kicker="Analysis", headline="Mekong rice harvest breaks records across the delta",
        dek="Farmers along the river report their best season in a decade.", dateline="PHNOM PENH",
        section=business, authors=[author], tags=["Mekong", "Rice", "Trade"], lead_image=LeadImageFactory(),
        body=(
            "<p>The harvest was the largest on record, officials said on Tuesday.</p>"
            f"<p>A very long word should never widen the page: {LONG_WORD}.</p>"
            "<blockquote><p>We have never seen anything like it.</p></blockquote>"
            "<ul><li>Exports up</li><li>Prices steady</li></ul>"
        ),
    )
    PublishedCorrectionFactory(article=main, text="An earlier version gave the wrong province.")
    for n in range(8):
        ArticleFactory(
            published=True, headline=f"Mekong story number {n} with a fairly long headline for wrapping",
            section=politics if n % 2 else business, authors=[author], tags=["Mekong"],
            lead_image=LeadImageFactory() if n < 3 else None, publish_at=timezone.now() - timedelta(hours=n + 2),
        )
    return main


def open_page(page, url, errors):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("load")


def test_reader_pages_at_phone_and_desktop_widths(live_server, page, screenshot_dir, stories):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    pages = {
        "home": "/",
        "article": stories.get_absolute_url(),
        "tag": "/tag/mekong/",
        "search": "/search/?q=mekong",
    }
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            open_page(page, live_server.url + path, errors)
            assert page.locator("h1").count() == 1, name
            assert page.locator("main#main").count() == 1 and page.locator("header.site-header").count() == 1
            page.screenshot(path=str(screenshot_dir / f"reader-{name}-{width}.png"), full_page=True)
            if width == 320:
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 320px"
    assert errors == []


def test_keyboard_users_can_skip_to_the_story(live_server, page, stories):
    page.goto(live_server.url + stories.get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-999px"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_story_reads_without_javascript(live_server, browser, stories):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + stories.get_absolute_url())
    assert "largest on record" in page.locator("article.story").inner_text()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Mekong rice harvest breaks records across the delta").first.click()
    assert page.locator("h1").inner_text() == stories.headline
    context.close()


def test_images_have_alt_text_and_dimensions(live_server, page, stories):
    page.goto(live_server.url + stories.get_absolute_url())
    image = page.locator("article.story figure img").first
    assert image.get_attribute("alt") and image.get_attribute("width") and image.get_attribute("height")
    assert page.evaluate("document.querySelector('article.story figure img').naturalWidth") > 0


def test_printed_story_leaves_out_navigation(live_server, page, screenshot_dir, stories):
    page.goto(live_server.url + stories.get_absolute_url())
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert page.locator("article.story h1").is_visible()
    page.pdf(path=str(screenshot_dir / "reader-article-print.pdf"))
