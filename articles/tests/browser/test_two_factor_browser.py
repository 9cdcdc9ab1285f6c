"""Two-factor login set up through the admin in a real browser: the header link, the QR code page,
the backup codes shown once, then a fresh sign-in with a backup code."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import BackupCodes
from articles.tests.factories import user_in_role
from articles.tests.security.test_login_security import current_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_sets_up_two_factor_login_and_signs_in_with_a_backup_code(live_server, log_in, browser):
    user = user_in_role("Editors", "eddie")
    page = log_in("eddie")
    page.click("a.two-factor-link")
    page.wait_for_selector("img.two-factor-qr")
    assert page.locator("h2", has_text="Add your authenticator app").is_visible()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.fill("#id_token", current_code(device))
    page.click("button:has-text('Confirm')")
    page.wait_for_selector("ol.backup-codes")
    codes = page.locator("ol.backup-codes code").all_inner_texts()
    assert len(codes) == 10
    page.click("a:has-text('I have saved them')")
    assert page.locator("a.two-factor-link").inner_text().lower() == "two-factor: on"  # the header is in capitals
    assert BackupCodes.objects.get(user=user).remaining == 10

    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        phone = context.new_page()
        phone.goto(live_server.url + "/admin/login/")
        phone.fill("#id_username", "eddie")
        phone.fill("#id_password", "password")
        phone.click("input[type=submit]")
        phone.wait_for_selector("#id_token")
        assert "/admin/two-factor/verify/" in phone.url
        phone.fill("#id_token", codes[0])
        phone.click("button:has-text('Sign in')")
        phone.wait_for_selector(".messagelist .warning")
        assert "9 left" in phone.locator(".messagelist").inner_text()
        assert phone.url == live_server.url + "/admin/"
    finally:
        context.close()
    assert BackupCodes.objects.get(user=user).remaining == 9


def test_the_two_factor_pages_and_the_database_down_page_raise_no_csp_violation(live_server, browser):
    from articles.tests.browser.test_csp_browser import violations_on, watched_page
    from articles.tests.security.test_database_outage import database_down

    user = user_in_role("Editors", "eddie")
    context = browser.new_context(bypass_csp=False)
    try:
        page, console = watched_page(context)
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "eddie")
        page.fill("#id_password", "password")
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + "/admin/")
        response, found = violations_on(page, live_server.url + "/admin/two-factor/", console)
        assert response.status == 200 and found == [], found
        page.fill("#id_token", current_code(TOTPDevice.objects.get(user=user)))
        page.click("button:has-text('Confirm')")
        page.wait_for_selector("ol.backup-codes")
        assert page.evaluate("window.__cspViolations") == []
        response, found = violations_on(page, live_server.url + "/admin/two-factor/", console)
        assert "Two-factor login is on" in page.content() and found == [], found
        with database_down():
            response, found = violations_on(page, live_server.url + "/", console)
        assert response.status == 503 and found == [], found
        assert page.locator("h1").inner_text() == "Back in a moment"
    finally:
        context.close()
