"""Screenshots of every screen, at desktop (1280×900) and phone (390×844) widths.

    .venv/bin/python docs/screenshots.py            # all shots into docs/screenshots/
    .venv/bin/python docs/screenshots.py story home  # only shots whose name contains a word

It builds a throwaway demo site (its own SQLite file under ``var/screenshots``,
``migrate`` + ``load_demo``), serves it with ``runserver`` on a free port, signs
in as the demo accounts and drives Debian's ``chromium`` with Playwright (no
browser is downloaded). Add a screen by adding a :class:`Shot` to ``SHOTS``.
"""

import base64
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
WORK = ROOT / "var" / "screenshots"
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
PASSWORDS = {
    "admin": "newsroom-admin", "reporter": "newsroom-reporter",
    "editor": "newsroom-editor", "publisher": "newsroom-publisher",
}
SITE_ENV = {}  # the demo site's environment, set by start_site()


@dataclass
class Shot:
    name: str
    path: str  # a path, or a callable(base_url, page) that navigates and returns nothing
    user: str = ""  # a demo account to sign in as; empty for a reader
    dark: bool = False
    full_page: bool = True
    before: list = field(default_factory=list)  # callables(page) run after loading, e.g. to open a panel


def first_story_change_url(base, page):
    page.goto(base + "/admin/articles/article/")
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_load_state("networkidle")


def calendar_week_of_the_embargo(base, page):
    """The week holding the demo's scheduled election story (two days ahead) and the reporter's deadline."""
    from datetime import date, timedelta

    page.goto(base + f"/admin/newsroom/calendar/?view=week&date={date.today() + timedelta(days=2)}")


def story_in_review(base, page):
    page.goto(base + "/admin/articles/article/?q=Council+delays")


def ingest_sources_after_poll_now(base, page):
    """The sources list right after "Poll now" on the demo feed (no job queue here: the poll ran at once)."""
    page.goto(base + "/admin/articles/ingestsource/")
    page.locator("#result_list tbody tr", has_text="Demo regional feed").locator("input.action-select").check()
    page.select_option("select[name=action]", "poll_now")
    page.locator("button[name=index], .actions button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def first_ingest_source_change_url(base, page):
    page.goto(base + "/admin/articles/ingestsource/")


def first_subscription_change_url(base, page):
    page.goto(base + "/admin/articles/webhooksubscription/")


def failed_jobs_with_a_delayed_one(base, page):
    """The failed-jobs page with one delayed job (kept in the database without Redis) that failed for good."""
    code = ("from django.utils import timezone; from articles.models import DelayedJob; "
            "DelayedJob.objects.get_or_create(function='articles.webhooks.delivery.deliver', args=[1], "
            "defaults={'run_at': None, 'attempts': 4, 'failed_at': timezone.now(), "
            "'last_error': 'OperationalError: database is locked'})")
    env = {**os.environ, "VAR_DIR": str(WORK), "DATABASE_URL": f"sqlite:///{WORK / 'db.sqlite3'}"}
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page.goto(base + "/admin/jobs/failed/")


def tag_merge_confirmation(base, page):
    page.goto(base + "/admin/taggit/tag/?q=hun+sen")
    page.locator("#result_list tbody input.action-select").first.check()
    page.locator("#result_list tbody input.action-select").nth(1).check()
    page.select_option("select[name=action]", "merge_selected")
    page.locator("button[name=index]").click()
    page.wait_for_load_state("networkidle")


def tag_change_form(base, page):
    page.goto(base + "/admin/taggit/tag/?q=tonle")
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_load_state("networkidle")


def live_blog_url(base, page):
    page.goto(base + "/")
    page.locator("a", has_text="Tonle Sap floods").first.click()
    page.wait_for_load_state("networkidle")


def live_coverage_change_url(base, page):
    page.goto(base + "/admin/articles/livecoverage/")
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_load_state("networkidle")


def kill_confirmation(base, page):
    """A Publisher asks to kill a live story: the page that asks again, naming what readers will see."""
    page.goto(base + "/admin/articles/article/?q=night+market")
    page.locator("#result_list tbody tr th a").first.click()
    form = page.locator("form.transition-form", has=page.locator("button.transition-kill"))
    page.wait_for_load_state("networkidle")  # the side panel has been arranged
    if not page.locator(".transitions-block").evaluate("block => block.open"):  # folded on a phone
        page.click(".transitions-block > summary")
    form.locator("textarea[name=note]").fill("Court order received this morning.")
    form.locator("button.transition-kill").click()
    page.wait_for_load_state("networkidle")


def locked_out(base, page):
    """Five wrong passwords for an unknown name; the address is then locked too, so this shot goes last."""
    for _ in range(6):
        page.goto(base + "/admin/login/")
        page.fill("#id_username", "nobody")
        page.fill("#id_password", "wrong password")
        with page.expect_navigation():
            page.click("input[type=submit]")
TWO_FACTOR = {"codes": []}  # the reporter's backup codes, as the set-up shot saw them


def sign_in_with_a_backup_code(base, page, user="reporter"):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", PASSWORDS[user])
    page.click("input[type=submit]")
    page.wait_for_selector("#id_token")
    page.fill("#id_token", TWO_FACTOR["codes"].pop())
    with page.expect_navigation():
        page.click("button:has-text('Sign in')")


def two_factor_backup_codes(base, page):
    """The reporter turns two-factor login on (the code computed from the key on the page); the
    second time, signs in with a backup code and makes a new set."""
    from django_otp.oath import totp

    if not TWO_FACTOR["codes"]:
        log_in(page.context, base, "reporter")
        page.goto(base + "/admin/two-factor/")
        key = base64.b32decode(page.locator(".two-factor-key").inner_text())
        page.fill("#id_token", f"{totp(key):06d}")
        with page.expect_navigation():
            page.click("button:has-text('Confirm')")
    else:
        sign_in_with_a_backup_code(base, page)
        page.goto(base + "/admin/two-factor/")
        with page.expect_navigation():
            page.click("button:has-text('Make new backup codes')")
    TWO_FACTOR["codes"] = page.locator("ol.backup-codes code").all_inner_texts()


def two_factor_manage(base, page):
    sign_in_with_a_backup_code(base, page)
    page.goto(base + "/admin/two-factor/")


def two_factor_verify(base, page):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "reporter")
    page.fill("#id_password", PASSWORDS["reporter"])
    with page.expect_navigation():
        page.click("input[type=submit]")


def database_outage_page(kind, path):
    """The page the site answers while its database is down, rendered by the site's own code and
    served at a made-up address (the demo's database cannot be stopped from here)."""
    def navigate(base, page):
        html = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c",
             "from django.test import RequestFactory; from articles.security.outage import outage_page; "
             f"print(outage_page(RequestFactory().get({path!r}), {kind!r}, 503).content.decode())"],
            cwd=ROOT, env=SITE_ENV, check=True, capture_output=True, text=True).stdout
        page.route(base + path, lambda route: route.fulfill(status=503, content_type="text/html; charset=utf-8",
                                                           body=html))
        page.goto(base + path)
    return navigate


def open_live_preview(page):
    page.click(".desk-preview-toggle")
    page.frame_locator(".desk-preview iframe").locator(".preview-banner").wait_for()


def type_unsaved_text(page):
    page.locator(".field-body .ProseMirror[contenteditable=true] p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(" Counting continued overnight in the provinces.")
    page.fill("#id_headline", "Turnout reaches record high as counting goes on")
    page.wait_for_function("/Autosaved/.test(document.querySelector('.desk-autosave-status').textContent)")


def open_lead_picture_picker(page):
    """The lead picture's section (folded on a phone) and its library picker, searched."""
    section = page.locator("fieldset", has=page.locator(".field-lead_image"))
    if not page.locator(".field-lead_image").is_visible():
        section.locator("summary").click()
    page.click(".lead-picture-open")
    page.locator(".lead-picture-choice").first.wait_for()
    page.wait_for_function("[...document.querySelectorAll('.lead-picture-choice img')].every(i => i.complete)")
    page.evaluate("document.querySelector('.field-lead_image').scrollIntoView({block: 'start'})")


SHOTS = [
    Shot("reader-home", "/"),
    Shot("reader-home", "/", dark=True),
    Shot("reader-story", "/2024/05/23/cambodia-china-trustworthy-friend/"),
    Shot("reader-story", "/2024/05/23/cambodia-china-trustworthy-friend/", dark=True),
    Shot("reader-live-blog", live_blog_url),
    Shot("reader-live-blog", live_blog_url, dark=True),
    Shot("reader-author", "/author/sophea-lim/"),
    Shot("reader-author", "/author/sophea-lim/", dark=True),
    Shot("reader-page-ethics", "/ethics/"),
    Shot("admin-live-coverage", live_coverage_change_url, user="editor"),
    Shot("reader-search", "/search/?q=Cambodia"),
    Shot("reader-search", "/search/?q=Cambodia", dark=True),
    Shot("admin-dashboard", "/admin/", user="editor"),
    Shot("admin-story-list", "/admin/articles/article/", user="editor"),
    Shot("admin-story-form", first_story_change_url, user="editor"),
    Shot("admin-new-story", "/admin/articles/article/add/", user="reporter"),
    Shot("admin-lead-picture-picker", first_story_change_url, user="editor", full_page=False,
         before=[open_lead_picture_picker]),
    Shot("admin-story-live-preview", first_story_change_url, user="editor", full_page=False,
         before=[type_unsaved_text, open_live_preview]),
    Shot("admin-audit-log", "/admin/articles/auditentry/", user="editor"),
    Shot("people-calendar-week", calendar_week_of_the_embargo, user="publisher"),
    Shot("people-calendar-month", "/admin/newsroom/calendar/?view=month", user="publisher"),
    Shot("people-notifications", "/admin/newsroom/notifications/", user="editor"),
    Shot("people-checklist", story_in_review, user="publisher"),
    Shot("people-profile", "/admin/newsroom/profile/", user="reporter"),
    Shot("people-confirm-kill", kill_confirmation, user="publisher"),
    Shot("admin-incoming-desk", "/admin/articles/incomingstory/", user="editor"),
    Shot("admin-ingest-sources", "/admin/articles/ingestsource/", user="publisher"),
    Shot("admin-ingest-source-form", first_ingest_source_change_url, user="publisher"),
    Shot("admin-ingest-poll-now", ingest_sources_after_poll_now, user="editor"),
    Shot("api-keys", "/admin/articles/apikey/", user="publisher"),
    Shot("api-new-key", "/admin/articles/apikey/add/", user="publisher"),
    Shot("api-webhook-subscription", first_subscription_change_url, user="publisher"),
    Shot("api-failed-jobs", failed_jobs_with_a_delayed_one, user="admin"),
    Shot("api-admin-index-superuser", "/admin/", user="admin"),
    Shot("api-docs", "/api/v1/docs/"),
    Shot("admin-tag-desk", "/admin/taggit/tag/", user="editor"),
    Shot("admin-tag-merge", tag_merge_confirmation, user="editor"),
    Shot("admin-tag-form", tag_change_form, user="editor"),
    Shot("reader-tag-page", "/tag/tonle-sap/"),
    Shot("admin-two-factor-setup", "/admin/two-factor/", user="publisher"),
    Shot("admin-two-factor-backup-codes", two_factor_backup_codes),  # turns it on for reporter: keep after
    Shot("admin-two-factor-manage", two_factor_manage),              # every other reporter shot
    Shot("admin-two-factor-verify", two_factor_verify),
    Shot("reader-database-down", database_outage_page("read", "/2024/05/23/cambodia-china-trustworthy-friend/")),
    Shot("admin-save-not-saved", database_outage_page("not_saved", "/admin/articles/article/add/")),
    Shot("admin-login-locked-out", locked_out),  # keep last: it locks the loopback address out
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_site():
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    env = {**os.environ, "DEBUG": "1", "VAR_DIR": str(WORK), "DATABASE_URL": f"sqlite:///{WORK / 'db.sqlite3'}",
           "TIME_ZONE": os.environ.get("TIME_ZONE", "Asia/Phnom_Penh")}  # the demo's zone, as make run
    env.pop("REDIS_URL", None)
    python = sys.executable
    port = free_port()
    env["SITE_URL"] = f"http://127.0.0.1:{port}"  # before load_demo: the demo feed source is served by this site
    for command in (["migrate", "--noinput"], ["load_demo"], ["demo_api"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    SITE_ENV.update(env)
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urlopen(base + "/robots.txt", timeout=1).close()
            return server, base
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("The demo server did not start.")


def log_in(context, base, user):
    page = context.new_page()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", PASSWORDS[user])
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")
    page.close()


def take(browser, base, shot, viewport):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True,
                                  color_scheme="dark" if shot.dark else "light")
    try:
        if shot.user:
            log_in(context, base, shot.user)
        page = context.new_page()
        if callable(shot.path):
            shot.path(base, page)
        else:
            page.goto(base + shot.path)
        page.wait_for_load_state("networkidle")
        for step in shot.before:
            step(page)
        if shot.full_page:  # load the lazy pictures further down (author cards, related stories)
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            page.evaluate("window.scrollTo(0, 0)")
        target = OUT / f"{shot.name}{'-dark' if shot.dark else ''}-{viewport}.png"
        page.screenshot(path=str(target), full_page=shot.full_page)
        return target
    finally:
        context.close()


def main(words):
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if not executable:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    OUT.mkdir(parents=True, exist_ok=True)
    server, base = start_site()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, headless=True, args=[
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ])
            for shot in SHOTS:
                if words and not any(word in shot.name for word in words):
                    continue
                for viewport in VIEWPORTS:
                    print(take(browser, base, shot, viewport).relative_to(ROOT))
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main(sys.argv[1:])
