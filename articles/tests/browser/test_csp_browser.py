"""In a real Chromium, reader pages and the admin (story change form with the rich-text editor,
list, dashboard, image library) run under their Content-Security-Policy without one violation."""

import pytest

from articles.tests.browser.test_reader_axe import reader_pages
from articles.tests.browser.test_reader_browser import stories  # noqa: F401  (the shared set of live stories)
from articles.tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
});
"""


def violations_on(page, url, console):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    found = page.evaluate("window.__cspViolations") + [m for m in console if "Content Security Policy" in m]
    console.clear()
    return response, found


def watched_page(context):
    page = context.new_page()
    page.add_init_script(LISTEN)
    console = []
    page.on("console", lambda message: console.append(message.text))
    return page, console


def test_listener_really_sees_a_violation(live_server, browser):
    context = browser.new_context(bypass_csp=False)
    page, console = watched_page(context)
    page.goto(live_server.url + "/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';
                             document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__cspViolations"), "an inline script must be blocked and reported"
    context.close()


def test_reader_pages_raise_no_csp_violation(live_server, browser, stories):  # noqa: F811
    context = browser.new_context(bypass_csp=False)
    page, console = watched_page(context)
    found = {}
    for name, (path, status) in {**reader_pages(stories), "rss": ("/rss/", 200)}.items():
        response, violations = violations_on(page, live_server.url + path, console)
        assert response.status == status, path
        assert "'unsafe-inline'" not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
        if violations:
            found[name] = violations
    context.close()
    assert not found


def test_admin_pages_raise_no_csp_violation(live_server, browser, stories, log_in):  # noqa: F811
    SuperuserFactory(username="boss")
    page = log_in("boss")
    page.add_init_script(LISTEN)
    console = []
    page.on("console", lambda message: console.append(message.text))
    found = {}
    for path in ["/admin/", "/admin/articles/article/", f"/admin/articles/article/{stories.pk}/change/",
                 "/admin/articles/article/add/", "/admin/articles/image/", "/admin/two-factor/"]:
        response, violations = violations_on(page, live_server.url + path, console)
        assert response.status == 200, path
        assert "'unsafe-inline'" not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
        if path.endswith("/change/"):
            page.locator(".ProseMirror[contenteditable=true] p").last.click()
            page.keyboard.type(" typed")
            page.wait_for_timeout(300)
            violations += page.evaluate("window.__cspViolations")
        if violations:
            found[path] = violations
    assert not found
