"""Screenshots of every screen, at desktop (1280×900) and phone (390×844) widths.

    .venv/bin/python docs/screenshots.py            # all shots into docs/screenshots/
    .venv/bin/python docs/screenshots.py story home  # only shots whose name contains a word

It builds a throwaway demo site (its own SQLite file under ``var/screenshots``,
``migrate`` + ``load_demo``), serves it with ``runserver`` on a free port, signs
in as the demo accounts and drives Debian's ``chromium`` with Playwright (no
browser is downloaded). Add a screen by adding a :class:`Shot` to ``SHOTS``.
"""

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


def open_live_preview(page):
    page.click(".desk-preview-toggle")
    page.frame_locator(".desk-preview iframe").locator(".preview-banner").wait_for()


def type_unsaved_text(page):
    page.fill("#id_headline", "Turnout reaches record high as counting goes on")
    page.locator(".field-body .ProseMirror[contenteditable=true] p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(" Counting continued overnight in the provinces.")
    page.wait_for_function("/Autosaved/.test(document.querySelector('.desk-autosave-status').textContent)")


SHOTS = [
    Shot("reader-home", "/"),
    Shot("reader-story", "/2024/05/23/cambodia-china-trustworthy-friend/"),
    Shot("reader-search", "/search/?q=Cambodia"),
    Shot("admin-dashboard", "/admin/", user="editor"),
    Shot("admin-story-list", "/admin/articles/article/", user="editor"),
    Shot("admin-story-form", first_story_change_url, user="editor"),
    Shot("admin-new-story", "/admin/articles/article/add/", user="reporter"),
    Shot("admin-story-live-preview", first_story_change_url, user="editor", full_page=False,
         before=[type_unsaved_text, open_live_preview]),
    Shot("admin-audit-log", "/admin/articles/auditentry/", user="editor"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_site():
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    env = {**os.environ, "DEBUG": "1", "VAR_DIR": str(WORK), "DATABASE_URL": f"sqlite:///{WORK / 'db.sqlite3'}"}
    env.pop("REDIS_URL", None)
    python = sys.executable
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    env["SITE_URL"] = f"http://127.0.0.1:{port}"
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
    context = browser.new_context(viewport={"width": width, "height": height},
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
