"""Faults and load, run by hand: prints what readers and editors saw. Asserts nothing.

    .venv/bin/python bench/faults.py [--duration 300] [--quick] [--skip-postgres-restart] [--only-load]

Needs the local PostgreSQL 15 (a database ``faults_bench`` is created and dropped) and
``redis-server`` (a private one on port 6390 is started and stopped; the shared one is not
touched). gunicorn serves the site with production settings (DEBUG off) on 127.0.0.1:8101.

Scenarios, in order:

1. PostgreSQL restart under reader + editor load (``pg_ctlcluster 15 main restart``): 5xx while
   it is down and after it is back; every save the editors were told succeeded is in the database.
   Two more editors write new stories through the admin over HTTP every second: each answer
   ("saved", "saved, page not shown", "not saved", an error) is checked against the database
   afterwards (told saved: there once; told not saved and given up: not there).
1b. Every connection to the bench's own database terminated again and again for 5 s (safe on a
   shared server), with the same readers and editors and the same checks.
2. Redis unreachable under load (the private redis-server is stopped, then started again): 5xx,
   warnings logged, recovery of the page cache.
3. An import killed with SIGKILL halfway, then run again: stories, duplicates, partial stories.
4. Media storage read-only: an upload through the admin gets a clear answer, the story is intact
   (simulated with a storage whose writes raise ``EROFS``, since root ignores file modes).
5. Mixed load for ``--duration`` seconds (``--quick``: 30): readers on every page kind, editors
   writing and publishing every few seconds; 5xx, p50/p90/p99/max overall and per page, split by
   the page cache's answer (hit, miss, stale…), the ten slowest requests with the time since the
   last publish, worker memory at start and end.

A 503 carrying ``Retry-After`` is the site's "database down" page and is counted apart from other
5xx (see ``articles/security/outage.py``).

The publishing editors write through ``articles.editorial`` in this process (the same code the
admin calls); the admin editors (``--desk-editors`` in the mixed load) and readers use HTTP.
"""

import argparse
import io
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
HOST, PORT, REDIS_PORT = "127.0.0.1", 8101, 6390
DB_NAME = "faults_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"
VAR_DIR = Path(os.environ.get("FAULTS_VAR_DIR", "/tmp/faults-bench"))
os.environ.update(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", DATABASE_URL=DATABASE_URL, REDIS_URL=REDIS_URL, VAR_DIR=str(VAR_DIR), DEBUG="1",
                  DJANGO_SETTINGS_MODULE="newsroom.settings", CONN_MAX_AGE="60",
                  # The editors' stories have no byline or picture: without this the publish checklist
                  # refuses every approve and nothing is published (as in a run of 30 Nov 2026).
                  PUBLISH_CHECKLIST="")


def server_env():
    return {**os.environ, "DEBUG": "0", "SECRET_KEY": "faults-bench-only-not-a-secret-0123456789abcdef",
            "ALLOWED_HOSTS": HOST, "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "WARNING",
            "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",  # the admin editors speak plain http
            "SITE_URL": f"http://{HOST}:{PORT}"}


# Services ---------------------------------------------------------------------------------------

def create_database():
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def drop_database():
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def start_redis():
    process = subprocess.Popen(["redis-server", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(REDIS_PORT)
    return process


def start_server(log_path):
    log = open(log_path, "w")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"{HOST}:{PORT}",
                                "--workers", "2", "--threads", "4", "--log-level", "warning", "--timeout", "60"],
                               cwd=ROOT, env=server_env(), stdout=log, stderr=log)
    wait_for_port(PORT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(worker_pids(process)) < 2:  # both workers booted
        time.sleep(0.2)
    return process


def wait_for_port(port, seconds=30):
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on {port}")


def worker_pids(server):
    return Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()


def worker_rss_mb(server):
    total = []
    for pid in worker_pids(server):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total.append(int(line.split()[1]) // 1024)
    return total


# Load -------------------------------------------------------------------------------------------

class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.events = []  # (time, status, seconds, page, how) with how the X-Reader-Cache header or ""
        self.publishes = []  # times an editor's publish returned

    def add(self, status, seconds, page, how=""):
        with self.lock:
            self.events.append((time.monotonic(), status, seconds, page, how))

    def published(self):
        with self.lock:
            self.publishes.append(time.monotonic())

    def since_publish(self, moment):
        """Seconds between ``moment`` and the latest publish before it (None when there was none)."""
        earlier = [p for p in self.publishes if p <= moment]
        return moment - earlier[-1] if earlier else None

    def between(self, start, end):
        return [e for e in self.events if start <= e[0] < end]


def get(path):
    """``(status, seconds, how)``: ``how`` is the page cache's answer (hit, miss, stale…) or "";
    a 503 that carries Retry-After (the site's "database down" page) is reported as 503, any other
    failure to answer as 599."""
    started = time.perf_counter()
    how = ""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{PORT}{path}", timeout=15) as response:
            response.read()
            status, how = response.status, response.headers.get("X-Reader-Cache", "")
    except urllib.error.HTTPError as error:
        status = error.code
        if status == 503 and error.headers.get("Retry-After"):
            how = "retry-after"
    except (urllib.error.URLError, OSError):
        status = 599  # connection refused / reset: counted as a 5xx
    return status, time.perf_counter() - started, how


def reader(pages, tally, stop):
    while not stop.is_set():
        name, path = random.choice(pages)
        status, seconds, how = get(path)
        tally.add(status, seconds, name, how)


def editor(saved, failures, stop, pause, tally=None):
    """Create a story, submit, approve and publish it, every ``pause`` seconds; note each success."""
    import django
    from django.db import connection

    django.setup()
    from articles import editorial
    from articles.models import Article, Section
    from django.contrib.auth import get_user_model

    publisher = get_user_model().objects.get(username="publisher")
    section = Section.objects.first()
    n = 0
    while not stop.is_set():
        n += 1
        token = uuid.uuid4().hex[:12]  # thread idents are reused by later scenarios' threads
        headline = f"Fault bench story {token}"
        try:
            article = Article.objects.create(headline=headline, slug=f"fault-{token}",
                                             body="<p>Filed during the fault bench.</p>", section=section)
            saved.append(("create", article.pk))
            for step in ("submit", "approve", "publish"):
                editorial.perform(step, article=Article.objects.get(pk=article.pk), user=publisher)
                saved.append((step, article.pk))
            if tally is not None:
                tally.published()
        except Exception as error:  # the database is down: the editor sees an error, nothing claimed saved
            failures.append(type(error).__name__)
            connection.close()
        stop.wait(pause)


class DeskLog:
    """What the admin editors over HTTP were told: each new story's headline with the answer."""

    def __init__(self):
        self.lock = threading.Lock()
        self.told = []  # (headline, "saved" | "saved, page not shown" | "not saved" | "error NNN")

    def add(self, headline, answer):
        with self.lock:
            self.told.append((headline, answer))


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 after a save is the answer itself


class AdminSession:
    """An editor in the admin over HTTP, as a browser: logs in, opens "Write a story", saves it."""

    def __init__(self, username, password):
        import http.cookiejar

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirects())
        status, page = self.request("/admin/login/")
        self.request("/admin/login/", {"username": username, "password": password, "next": "/admin/",
                                       "csrfmiddlewaretoken": csrf_token(page)})

    def request(self, path, data=None):
        url = f"http://{HOST}:{PORT}{path}"
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body, headers={"Referer": url}),
                                  timeout=15) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except (urllib.error.URLError, OSError):
            return 599, ""


def csrf_token(page):
    import re

    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else ""


def desk_editor(desk, stop, pause):
    """Write a new story in the admin every ``pause`` seconds; a "not saved" answer is resent (the
    same form, as an editor pressing Save again) up to five times, a second apart."""
    import lxml.html

    session = AdminSession("reporter", "newsroom-reporter")
    while not stop.is_set():
        status, page = session.request("/admin/articles/article/add/")
        if status != 200 or 'id="article_form"' not in page:
            stop.wait(1)
            continue
        form = lxml.html.fromstring(page).get_element_by_id("article_form")
        data = {}
        for name, value in form.form_values():
            data.setdefault(name, value)
        headline = f"Desk bench story {uuid.uuid4().hex[:12]}"
        data.update(headline=headline, slug="", body="<p>Written in the admin during the fault bench.</p>")
        for _attempt in range(5):
            status, page = session.request("/admin/articles/article/add/", data)
            if status == 302:
                answer = "saved"
            elif status == 200 and "Your change was saved" in page:
                answer = "saved, page not shown"
            elif status == 503 and "Not saved" in page:
                answer = "not saved"
            else:
                answer = f"error {status}"
            if answer != "not saved":
                break
            stop.wait(1)
        desk.add(headline, answer)
        stop.wait(pause)


def verify_desk(desk):
    """Each story the desk was told was saved is there once; none told "not saved" is there at all."""
    from django.db import connections

    from articles.models import Article

    connections.close_all()
    answers = Counter(answer for _headline, answer in desk.told)
    counts = Counter(Article.objects.filter(headline__in=[h for h, _a in desk.told]).values_list("headline", flat=True))
    missing = sum(1 for h, a in desk.told if a.startswith("saved") and counts[h] == 0)
    duplicated = sum(1 for h, _a in desk.told if counts[h] > 1)
    ghosts = sum(1 for h, a in desk.told if a == "not saved" and counts[h])
    return (f"admin saves over HTTP: {dict(answers) or 'none'}; told saved but missing: {missing}, "
            f"duplicated: {duplicated}, told not saved but stored: {ghosts}")


def run_load(pages, seconds, during=None, editors=2, readers=8, pause=3.0, desk_editors=0):
    tally, stop, saved, failures, desk = Tally(), threading.Event(), [], [], DeskLog()
    threads = [threading.Thread(target=reader, args=(pages, tally, stop)) for _ in range(readers)]
    threads += [threading.Thread(target=editor, args=(saved, failures, stop, pause, tally)) for _ in range(editors)]
    threads += [threading.Thread(target=desk_editor, args=(desk, stop, pause)) for _ in range(desk_editors)]
    for thread in threads:
        thread.start()
    marks = {"start": time.monotonic()}
    if during is not None:
        time.sleep(min(5, seconds / 3))
        marks.update(during())
    remaining = seconds - (time.monotonic() - marks["start"])
    time.sleep(max(0, remaining))
    stop.set()
    for thread in threads:
        thread.join()
    marks["end"] = time.monotonic()
    return tally, marks, saved, failures, desk


def percentile(sorted_times, fraction):
    return sorted_times[min(len(sorted_times) - 1, int(len(sorted_times) * fraction))]


def latency(events):
    times = sorted(e[2] for e in events)
    if not times:
        return "none"
    return (f"p50 {statistics.median(times) * 1000:.0f} ms, p90 {percentile(times, 0.9) * 1000:.0f} ms, "
            f"p99 {percentile(times, 0.99) * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms")


def summary(events):
    if not events:
        return "no requests"
    health = sum(e[1] == 503 and e[3] == "healthz" for e in events)  # /healthz saying "failing", by design
    outage = sum(e[1] == 503 and e[4] == "retry-after" for e in events)  # the "back in a moment" page
    errors = sum(e[1] >= 500 for e in events) - health - outage
    return (f"{len(events)} requests, {errors} 5xx"
            f"{f' (plus {outage} 503 + Retry-After, the database-down page)' if outage else ''}"
            f"{f' (plus {health} 503 from /healthz reporting the fault)' if health else ''}, {latency(events)}")


def breakdown(tally, events):
    """Per page: latency of answers from the page cache and of pages built, and the slowest requests
    with the time since the last editor's publish (which invalidates the listing pages)."""
    lines = []
    per_page = {}
    for event in events:
        per_page.setdefault(event[3], []).append(event)
    for name, page_events in sorted(per_page.items()):
        kinds = Counter(e[4] or "not cached" for e in page_events)
        split = "; ".join(f"{how} ×{count}: {latency([e for e in page_events if (e[4] or 'not cached') == how])}"
                          for how, count in kinds.most_common())
        lines.append(f"{name}: {summary(page_events)}; by page cache answer: {split}")
    slowest = sorted(events, key=lambda e: e[2], reverse=True)[:10]
    lines.append("slowest 10: " + ", ".join(
        f"{e[3]} {e[2] * 1000:.0f} ms ({e[4] or 'not cached'}, "
        f"{'no publish before' if tally.since_publish(e[0]) is None else f'{tally.since_publish(e[0]):.1f} s after a publish'})"
        for e in slowest))
    return lines


def verify_saves(saved):
    from django.db import connections

    from articles.models import Article, Status

    connections.close_all()  # this thread's connection may predate a database restart

    created = {pk for step, pk in saved if step == "create"}
    published = {pk for step, pk in saved if step == "publish"}
    present = set(Article.objects.filter(pk__in=created).values_list("pk", flat=True))
    live = set(Article.objects.filter(pk__in=published, status=Status.PUBLISHED).values_list("pk", flat=True))
    return f"{len(created)} creates and {len(published)} publishes answered success; " \
           f"missing afterwards: {len(created - present)} creates, {len(published - live)} publishes"


# Scenarios --------------------------------------------------------------------------------------

def postgres_restart(pages, out):
    def restart():
        began = time.monotonic()
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"], check=True,
                       capture_output=True)
        return {"down": began, "back": time.monotonic()}

    tally, marks, saved, failures, desk = run_load(pages, 25, during=restart, desk_editors=2, pause=1.0)
    out("PostgreSQL restart under load (plus 2 editors saving new stories in the admin every second)",
        f"restart took {marks['back'] - marks['down']:.1f} s",
        f"before: {summary(tally.between(marks['start'], marks['down']))}",
        f"during the restart: {summary(tally.between(marks['down'], marks['back']))}",
        f"after it was back: {summary(tally.between(marks['back'], marks['end']))}",
        f"editors: {verify_saves(saved)}; saves refused with an error: {dict(Counter(failures)) or 'none'}",
        verify_desk(desk))


def postgres_connections_killed(pages, out, seconds=5):
    """Every connection to this bench's database is terminated, again and again for ``seconds``
    (what a restart does to the app's connections, without touching the shared server's other
    databases): new connections are killed within ~50 ms, mid-request or not."""
    import psycopg

    def kill():
        began, killed = time.monotonic(), 0
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
            while time.monotonic() - began < seconds:
                killed += admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                        "WHERE datname = %s AND pid <> pg_backend_pid()", [DB_NAME]).fetchone()[0]
                time.sleep(0.05)
        return {"down": began, "back": time.monotonic(), "killed": killed}

    tally, marks, saved, failures, desk = run_load(pages, 25, during=kill, desk_editors=2, pause=1.0)
    out(f"PostgreSQL connections killed for {seconds} s under load (plus 2 editors saving in the admin every second)",
        f"connections terminated: {marks['killed']}",
        f"while killing: {summary(tally.between(marks['down'], marks['back']))}",
        f"afterwards: {summary(tally.between(marks['back'], marks['end']))}",
        f"editors: {verify_saves(saved)}; saves refused with an error: {dict(Counter(failures)) or 'none'}",
        verify_desk(desk))


def redis_outage(pages, redis_box, log_path, out):
    def outage():
        began = time.monotonic()
        lines_before = log_path.read_text().count("Cache ")
        redis_box[0].send_signal(signal.SIGKILL)
        redis_box[0].wait()
        time.sleep(10)
        lines_during = log_path.read_text().count("Cache ") - lines_before
        redis_box[0] = start_redis()
        return {"down": began, "back": time.monotonic(), "warnings": lines_during}

    tally, marks, saved, failures, _desk = run_load(pages, 25, during=outage)
    hits = 0
    for _ in range(5):
        request = urllib.request.urlopen(f"http://{HOST}:{PORT}/")
        hits += request.headers.get("X-Reader-Cache") == "hit"
    out("Redis unreachable under load",
        f"while down ({marks['back'] - marks['down']:.0f} s): {summary(tally.between(marks['down'], marks['back']))}",
        f"cache warnings logged while down (2 workers): {marks['warnings']}",
        f"after it was back: {summary(tally.between(marks['back'], marks['end']))}; "
        f"page cache hits on 5 repeat requests afterwards: {hits}",
        f"editors: {verify_saves(saved)}; errors: {dict(Counter(failures)) or 'none'}")


def killed_import(out):
    from articles.models import Article

    path = VAR_DIR / "kill-import.jsonl"
    with path.open("w") as handle:
        for n in range(3000):
            handle.write(json.dumps({"id": f"k{n}", "source": "killbench", "headline": f"Killed import story {n}",
                                     "body_text": "A paragraph. " * 40, "tags": ["Kill", f"T{n % 20}"],
                                     "authors": [f"Writer {n % 9}"]}) + "\n")
    command = [sys.executable, "manage.py", "import_articles", str(path), "-v", "0"]
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and Article.objects.filter(source="killbench").count() < 600:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    after_kill = Article.objects.filter(source="killbench").count()
    rerun = subprocess.run(command, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True)
    stories = Article.objects.filter(source="killbench")
    distinct = stories.values("source_id").distinct().count()
    partial = stories.filter(credits__isnull=True).count() + stories.filter(tags__isnull=True).count()
    out("Import killed with SIGKILL, then run again",
        f"stories when killed: {after_kill} of 3000; re-run exit status {rerun.returncode}",
        f"afterwards: {stories.count()} stories, {distinct} distinct ids, "
        f"{stories.count() - distinct} duplicates, {partial} without their authors or tags")


def read_only_media(out):
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from articles.models import Article
    from articles.tests.factories import image_bytes

    story = Article.objects.filter(status="published").first()
    before = (story.headline, story.body, story.lead_image_id)
    client = Client(HTTP_HOST=HOST)
    client.force_login(get_user_model().objects.get(username="publisher"))
    storages = {"default": {"BACKEND": "readonly_storage.ReadOnlyStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=[HOST], SECURE_SSL_REDIRECT=False):
        upload = io.BytesIO(image_bytes())
        upload.name = "boat.jpg"
        response = client.post("/admin/articles/image/add/", {"file": upload, "title": "Boat", "alt_text": "A boat",
                                                              "focal_x": "0.5", "focal_y": "0.5",
                                                              "caption": "", "credit": ""}, follow=True)
    story.refresh_from_db()
    text = response.content.decode(errors="replace")
    message = next((line.strip() for line in text.splitlines() if "read-only" in line.lower()
                    or "could not be stored" in line.lower()), "(no message found)")
    out("Media storage read-only",
        f"upload answered {response.status_code}; message: {message[:160]}",
        f"story unchanged: {(story.headline, story.body, story.lead_image_id) == before}")


def mixed_load(pages, seconds, server, out, desk_editors=0):
    for _ in range(4):  # warm up: a new worker's first requests import the views and fill the page cache
        for _name, path in pages:
            get(path)
    rss_start = worker_rss_mb(server)
    tally, marks, saved, failures, desk = run_load(pages, seconds, editors=2, readers=8, pause=3.0,
                                                   desk_editors=desk_editors)
    rss_end = worker_rss_mb(server)
    out(f"Mixed load, {seconds} s (8 readers, 2 editors saving and publishing every 3 s)",
        f"all pages: {summary(tally.events)}",
        *breakdown(tally, tally.events),
        f"editors: {verify_saves(saved)}; errors: {dict(Counter(failures)) or 'none'}",
        *([verify_desk(desk)] if desk_editors else []),
        f"worker RSS MB at start {rss_start}, at end {rss_end}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="30 s of mixed load")
    parser.add_argument("--skip-postgres-restart", action="store_true")
    parser.add_argument("--only-load", action="store_true", help="only the mixed load (no faults)")
    parser.add_argument("--desk-editors", type=int, default=0,
                        help="editors saving new stories in the admin over HTTP during the mixed load")
    args = parser.parse_args()
    seconds = 30 if args.quick else args.duration

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "readonly_storage.py").write_text(
        "import errno\nfrom django.core.files.storage import FileSystemStorage\n\n\n"
        "class ReadOnlyStorage(FileSystemStorage):\n"
        "    def _save(self, name, content):\n"
        "        raise OSError(errno.EROFS, 'Read-only file system')\n")
    sys.path.insert(0, str(VAR_DIR))
    create_database()
    import django

    django.setup()
    from django.core.management import call_command

    from reader_bench import fill

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    fill(300)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True,
                   env=server_env())
    from articles.models import Article

    story = Article.objects.published().order_by("-publish_at").first()
    pages = [("home", "/"), ("article", story.get_absolute_url()), ("section", "/section/section-1/"),
             ("tag", "/tag/rice/"), ("search", "/search/?q=mekong"), ("rss", "/rss/"), ("atom", "/atom/"),
             ("sitemap", "/sitemap-stories.xml"), ("news sitemap", "/news-sitemap.xml"), ("healthz", "/healthz")]
    redis_box = [start_redis()]
    log_path = VAR_DIR / "gunicorn.log"
    server = start_server(log_path)
    lines = []

    def out(title, *results):
        block = [f"### {title}", *[f"- {result}" for result in results], ""]
        print("\n".join(block), flush=True)
        lines.extend(block)

    try:
        if not args.only_load:
            if not args.skip_postgres_restart:
                postgres_restart(pages, out)
            postgres_connections_killed(pages, out)
            redis_outage(pages, redis_box, log_path, out)
            killed_import(out)
            read_only_media(out)
        mixed_load(pages, seconds, server, out, desk_editors=args.desk_editors)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
        redis_box[0].send_signal(signal.SIGTERM)
        redis_box[0].wait()
        from django.db import connections

        connections.close_all()
        drop_database()
    (VAR_DIR / "results.md").write_text("\n".join(lines))
    print(f"(also written to {VAR_DIR / 'results.md'})")


if __name__ == "__main__":
    main()
