"""Playwright driving Debian's chromium against pytest-django's live server.

Nothing here downloads a browser: the executable is whatever ``chromium`` is on
PATH. Without it the browser tests are skipped locally and fail in CI.
"""

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# from the test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if not executable:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield TestBrowser(browser)
        browser.close()


class TestBrowser:
    """The browser, whose contexts let Playwright's own helpers (``wait_for_function`` evaluates strings)
    run under the site's Content-Security-Policy. The CSP tests ask for ``bypass_csp=False`` and see
    the policy as readers' browsers do."""

    def __init__(self, browser):
        self.browser = browser

    def new_context(self, **options):
        options.setdefault("bypass_csp", True)
        return self.browser.new_context(**options)

    def __getattr__(self, name):
        return getattr(self.browser, name)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    close_and_settle([context])


def close_and_settle(contexts):
    """Close the browser contexts a test opened, then let the live server finish what they sent.

    A change form left open keeps sending lock heartbeats and autosaves, and a story page its view
    beacon; one sent just before closing may still be running on the live server when the test's
    database flush starts, and on PostgreSQL the two deadlock. Closing stops the pages' timers; the
    pause lets a request already sent commit."""
    for context in contexts:
        context.close()
    if contexts:
        time.sleep(0.5)


@pytest.fixture(scope="session")
def screenshot_dir():
    path = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "newsroom-screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def log_in(browser, live_server):
    """``log_in(username)`` -> a page signed in to the admin (password "password", as the factories set).

    Each user gets a context of their own, closed when the test ends: a change form left open keeps
    sending lock heartbeats, which would race the next test's database flush.
    """
    opened = []

    def sign_in(username, *, timeout=15_000):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        opened.append(context)
        page = context.new_page()
        page.set_default_timeout(timeout)
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "password")
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + "/admin/")
        return page

    yield sign_in
    close_and_settle(opened)
