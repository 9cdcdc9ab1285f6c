"""axe-core (bundled in the axe-playwright-python package, read from disk) finds no violation on any reader page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.tests.browser.test_reader_browser import stories  # noqa: F401  (the shared set of live stories)
from articles.tests.browser.test_reader_site_browser import reader_site  # noqa: F401  (a live blog, flags, views)

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [360, 1280]
SCHEMES = ["light", "dark"]
# WCAG 2.0/2.1 A and AA, plus axe's best practices (landmarks, one main, heading order, region).
RUN_ONLY = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
            "resultTypes": ["violations"]}


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']][:5]}"
        for v in violations
    )


def reader_pages(story, live=None):
    day = story.url_date
    extra = {"live-blog": (live.get_absolute_url(), 200), "about": ("/about/", 200),
             "corrections-policy": ("/corrections-policy/", 200)} if live else {}
    return {
        **extra,
        "home": ("/", 200),
        "more-stories": ("/?page=2", 404),
        "article": (story.get_absolute_url(), 200),
        "section": ("/section/business/", 200),
        "tag": ("/tag/mekong/", 200),
        "author": ("/author/sophea-lim/", 200),
        "search": ("/search/?q=mekong", 200),
        "search-empty": ("/search/?q=%22%22", 200),
        "archive-year": (f"/{day.year}/", 200),
        "archive-day": (f"/{day.year}/{day.month:02d}/{day.day:02d}/", 200),
        "corrections": ("/corrections/", 200),
        "not-found": ("/no-such-page/", 404),
    }


def test_axe_core_is_bundled_and_finds_real_problems(browser):
    """The engine comes from the package on disk, runs offline, and does report a known violation."""
    axe = Axe()
    assert len(axe.axe_script) > 100_000 and "axe-core" in axe.axe_script[:2000]
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.set_content('<html lang="en"><body><main><h1>T</h1><img src="data:,"><p style="color:#bbb">pale</p></main>')
    found = {v["id"] for v in axe.run(page, options=RUN_ONLY).response["violations"]}
    context.close()
    assert {"image-alt", "color-contrast"} <= found


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_accessibility_violations_on_reader_pages(live_server, browser, reader_site, width, scheme):  # noqa: F811
    """Light and dark themes (the reader's system setting), with the banner and "Most read" filled in by script."""
    stories, live = reader_site
    axe = Axe()
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    found = {}
    for name, (path, status) in reader_pages(stories, live).items():
        response = page.goto(live_server.url + path)
        assert response.status == status, name
        page.wait_for_load_state("networkidle")
        violations = axe.run(page, options=RUN_ONLY).response["violations"]
        if violations:
            found[name] = describe(violations)
    context.close()
    assert not found, "\n".join(f"{name} at {width}px, {scheme}:\n{text}" for name, text in found.items())
    assert all(url.startswith(live_server.url) for url in requests), "a reader page fetched something off-site"
