"""The reader site in a real browser: live-blog updates appear without a reload, the remembered theme, the
breaking banner and badge (fetched, never part of the cached page), "Most read" (in the page, without
JavaScript) and its view beacon, copy link."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.editorial.liveblog import add_live_update
from articles.models import BreakingNews, StoryViews
from articles.tests.browser.test_reader_browser import stories  # noqa: F401
from articles.tests.factories import (
    ArticleFactory,
    BreakingNewsFactory,
    LiveCoverageFactory,
    LiveUpdateFactory,
    user_in_role,
)

pytestmark = pytest.mark.django_db(transaction=True)


def settle(page):
    """Let the page's own requests (banner, most read, pictures) finish before the test's database is flushed."""
    page.wait_for_load_state("networkidle")


@pytest.fixture
def reader_site(stories):  # noqa: F811
    """The shared stories, plus a running live blog flagged as breaking, author links and some views."""
    author = stories.byline_authors[0]
    author.links = ["https://sophea.example/", "https://x.com/sophealim"]
    author.job_title = "Business correspondent"
    author.save()
    live = ArticleFactory(published=True, headline="Floods along the Mekong: live", section=stories.section,
                          authors=[author], tags=["Mekong"], publish_at=timezone.now() - timedelta(minutes=30))
    LiveCoverageFactory(article=live)
    LiveUpdateFactory(article=live, headline="Shelters open", key_event=True,
                      published_at=timezone.now() - timedelta(minutes=20))
    LiveUpdateFactory(article=live, headline="How to get help", pinned=True,
                      body='<p>Call <a href="tel:115">115</a>.</p>',
                      published_at=timezone.now() - timedelta(minutes=10))
    LiveUpdateFactory(article=live, headline="", body="<p>Rain has eased.</p>")
    BreakingNewsFactory(article=live, label="Breaking")
    for views, story in enumerate([stories, live], start=5):
        StoryViews.objects.create(article=story, day=timezone.localdate(), views=views)
    return stories, live


def test_a_new_live_blog_update_appears_without_a_reload(live_server, page, reader_site, settings):
    settings.LIVE_BLOG_POLL_SECONDS = 1
    _stories, live = reader_site
    page.goto(live_server.url + live.get_absolute_url())
    page.evaluate("window.sameDocument = 'yes'")
    update = add_live_update(article=live, user=user_in_role("Editors"), headline="Bridge reopens",
                             body="<p>Traffic is moving again.</p>")
    page.locator(f"#update-{update.pk}").wait_for(state="visible", timeout=15_000)
    assert "Traffic is moving again." in page.locator(f"#update-{update.pk}").inner_text()
    assert page.evaluate("window.sameDocument") == "yes", "the page was reloaded"
    pinned_first = page.locator(".live-update").first.inner_text()
    assert "How to get help" in pinned_first
    settle(page)


def test_theme_toggle_is_remembered_across_pages_without_a_cookie(live_server, browser, reader_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="light")
    page = context.new_page()
    page.goto(live_server.url + "/")
    toggle = page.locator("[data-theme-toggle]")
    assert toggle.get_attribute("aria-pressed") == "false"
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    toggle.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") != background
    page.goto(live_server.url + "/corrections/")
    # Set by the inline script in <head>, before the stylesheet paints anything.
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.locator("[data-theme-toggle]").get_attribute("aria-pressed") == "true"
    assert context.cookies() == []
    settle(page)
    context.close()


def test_dark_system_setting_is_followed(live_server, browser, reader_site):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(20, 20, 20)"
    assert page.locator("[data-theme-toggle]").get_attribute("aria-pressed") == "true"
    settle(page)
    context.close()


def test_breaking_banner_and_badge_are_fetched_into_every_page(live_server, page, reader_site):
    story, live = reader_site
    for path in ("/", story.get_absolute_url(), "/about/"):
        page.goto(live_server.url + path)
        banner = page.locator(".breaking-banner")
        banner.wait_for(state="visible")
        assert live.headline in banner.inner_text()
    page.goto(live_server.url + "/")
    card = page.locator(".card-headline a", has_text=live.headline).first
    card.locator(".badge-breaking").wait_for(state="visible")
    assert card.text_content().startswith("Breaking:Live:")  # the banner's label, then the live-blog badge
    headlines = page.locator(f'main :is(.card-headline, .headline-list) a[href="{live.get_absolute_url()}"]')
    assert headlines.count() >= 2 and page.locator(".badge-breaking").count() == headlines.count()
    settle(page)


def test_a_banner_labelled_live_adds_no_second_live_badge(live_server, page, reader_site):
    _story, live = reader_site
    BreakingNews.objects.update(label="Live")
    page.goto(live_server.url + live.get_absolute_url())
    page.locator(".breaking-banner").wait_for(state="visible")
    assert page.locator("h1 .badge").all_text_contents() == ["Live:"]
    settle(page)


def test_most_read_is_in_the_page_without_javascript(live_server, browser, reader_site):
    story, live = reader_site
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in ("/", story.get_absolute_url()):
        page.goto(live_server.url + path)
        most_read = page.locator(".most-read-list")
        assert most_read.is_visible()
        assert most_read.locator("li").all_inner_texts()[0].endswith(live.headline)
    context.close()


def test_a_story_page_counts_one_view_for_its_reader(live_server, browser, reader_site):
    story, _live = reader_site
    agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
    context = browser.new_context(user_agent=agent)  # the headless browser's own agent is a bot's
    page = context.new_page()
    before = StoryViews.objects.get(article=story).views
    with page.expect_request(lambda request: request.url.endswith(f"/views/{story.pk}/")) as sent:
        page.goto(live_server.url + story.get_absolute_url())
    assert sent.value.response().status == 204
    page.reload()
    page.wait_for_timeout(1500)  # the second beacon (after load + 1 s) is not counted: same reader, same day
    settle(page)
    assert StoryViews.objects.get(article=story).views == before + 1
    context.close()


def test_copy_link_button_copies_the_story_address(live_server, browser, reader_site, settings):
    story, _live = reader_site
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    page.locator("[data-copy-link]").click()
    page.locator("[data-copy-status]", has_text="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()").endswith(story.get_absolute_url())
    settle(page)
    context.close()
