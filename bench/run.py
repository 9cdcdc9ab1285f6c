"""newsroom under HTTP load next to a bare Django view, on PostgreSQL and Redis, as in production.

    make bench                                  # 10,000 stories
    .venv/bin/python bench/run.py --stories 100000 --duration 10 [--only story,home] [--rebuild]

Builds (once; reused while it has the asked number of stories) a PostgreSQL database of its own,
``bench_newsroom`` on ``BENCH_DATABASE_URL`` (default postgres://postgres@127.0.0.1:5432/), with
``--stories`` published stories: six paragraphs each, 2–4 tags, one tag ("Popular") on 40% of them.
Then starts, each with gunicorn and 2 sync workers, DEBUG off, persistent connections and the Redis
cache on ``BENCH_REDIS_URL`` (db 5):

* newsroom with the page cache off (``READER_PAGE_CACHE_SECONDS=0``), for uncached figures;
* newsroom with the page cache on, for cached figures (the cache is warmed before measuring);
* the bare limit: ``bench/bare/``, startproject's middleware and one view returning a static page
  of the story page's size.

Each page is driven with ``wrk -t2 -c16 -d<duration>s`` (apt-get installs wrk when it is missing).
Prints requests/s, p50/p99 latency, non-2xx answers, queries per page (counted in-process), worker
RSS after the load, and the ratio to the bare view measured in the same run (median of three bare
runs spread over the run). Pages at least twice the story page's size (feeds, sitemaps) also get the
ratio to the bare view serving a page of their own size, measured after the others. Asserts nothing:
the machine is shared and noisy; compare ratios.
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PORTS = {"uncached": 8501, "cached": 8502, "bare": 8503}
SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/").rstrip("/") + "/"
DATABASE_NAME = os.environ.get("BENCH_DATABASE_NAME", "bench_newsroom")
DATABASE_URL = SERVER_URL + DATABASE_NAME
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
VAR_DIR = Path(os.environ.get("BENCH_VAR_DIR", "/tmp/bench-newsroom"))
POPULAR = "Popular"
COMMON_WORD, RARE_WORD = "harvest", "zanzibar"


def newsroom_env(cache_seconds):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings", DEBUG="0", SECRET_KEY="bench-not-secret",
        ALLOWED_HOSTS=f"{HOST},localhost", DATABASE_URL=DATABASE_URL, CONN_MAX_AGE="600",
        REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX="bench", VAR_DIR=str(VAR_DIR), STATIC_ROOT=str(VAR_DIR / "static"),
        READER_PAGE_CACHE_SECONDS=str(cache_seconds), LOG_LEVEL="WARNING", SITE_URL=f"http://{HOST}",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback, as behind a TLS-terminating load balancer
    )
    env.pop("TEST_DATABASE_NAME", None)
    return env


def ensure_database():
    import psycopg

    with psycopg.connect(SERVER_URL + "postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def drop_database():
    import psycopg

    with psycopg.connect(SERVER_URL + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


PARAGRAPH = (
    "Farmers along the river said the {n} harvest came early this year, and traders in the provincial "
    "market expect prices to hold through the dry season while officials count the cost of the floods. "
    "Story {n} follows the boats, the buyers and the families who depend on the crop."
)


def build(stories):
    """Fill the bench database with ``stories`` live stories (bulk inserts, then the site's own search builder)."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article, ArticleAuthor, Author, Section, Status, TaggedArticle
    from articles.search import update_search_documents

    sections = Section.objects.bulk_create(
        [Section(name=f"Section {n}", slug=f"section-{n}", ordering=n) for n in range(8)]
    )
    authors = Author.objects.bulk_create(
        [Author(name=f"Writer {n}", slug=f"writer-{n}", bio="Covers farming.") for n in range(60)]
    )
    tags = Tag.objects.bulk_create([Tag(name=POPULAR, slug="popular")] + [
        Tag(name=f"Topic {n}", slug=f"topic-{n}") for n in range(300)
    ])
    popular, topics = tags[0], tags[1:]
    now = timezone.now()
    batch = 2000
    for start in range(0, stories, batch):
        articles = []
        for n in range(start, min(stories, start + batch)):
            body = "".join(f"<p>{PARAGRAPH.format(n=n)}</p>" for _ in range(6))
            if n % 997 == 0:
                body += f"<p>A visit to {RARE_WORD}.</p>"
            when = now - timedelta(minutes=30 * n + 1)
            articles.append(Article(
                headline=f"Bench story {n}: rice and the river", slug=f"bench-story-{n}",
                dek="What the harvest means for the province.", body=body, section=sections[n % 8],
                status=Status.PUBLISHED, publish_at=when, first_published_at=when, word_count=250,
                reading_time=2, version=1,
            ))
        articles = Article.objects.bulk_create(articles)
        TaggedArticle.objects.bulk_create([
            TaggedArticle(content_object=article, tag=tag)
            for article in articles
            for tag in story_tags(article.pk, popular, topics)
        ])
        ArticleAuthor.objects.bulk_create([
            ArticleAuthor(article=article, author=authors[(article.pk + k * 7) % 60], order=k)
            for article in articles for k in range(1 + article.pk % 2)
        ])
        update_search_documents([article.pk for article in articles])  # the code path the site uses
        print(f"  {start + len(articles)} stories", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def story_tags(pk, popular, topics):
    """2–4 tags; the popular one on 40% of stories."""
    count = 2 + pk % 3
    chosen = [popular] if pk % 5 in (0, 1) else []
    offset = 0
    while len(chosen) < count:
        chosen.append(topics[(pk * 7 + offset * 13) % len(topics)])
        offset += 1
    return chosen


def prepare(stories, rebuild):
    """Migrate and fill the database when needed; return (urls by page, admin session cookie)."""
    if rebuild:
        drop_database()
    ensure_database()
    env = newsroom_env(0)
    os.environ.update(env)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from articles.models import Article

    have = Article.objects.count()
    if have != stories:
        if have:
            drop_database()
            return prepare(stories, rebuild=False)
        print(f"Building {stories} stories in {DATABASE_NAME}…", flush=True)
        build(stories)
    manage("render_story_parts", env=env)  # as after any import: stories' reader markup rendered ahead
    return pages(stories)


def pages(stories):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from articles.models import Article

    live = Article.objects.published()
    plain = live.exclude(tags__slug="popular").order_by("-publish_at")[5]
    with_popular = live.filter(tags__slug="popular").order_by("-publish_at")[5]
    deep = min(200, max(1, (stories * 2 // 5) // 20))
    uncached = {
        "story": plain.get_absolute_url(),
        "story, popular tag": with_popular.get_absolute_url(),
        "home": "/",
        "section p1": "/section/section-1/",
        "40%-tag p1": "/tag/popular/",
        f"40%-tag p{deep}": f"/tag/popular/?page={deep}",
        "author": "/author/writer-3/",
        "search common": f"/search/?q={COMMON_WORD}",
        "search rare": f"/search/?q={RARE_WORD}",
        "sitemap index": "/sitemap.xml",
        "stories sitemap": "/sitemap-stories.xml",
        "RSS": "/rss/",
        "news sitemap": "/news-sitemap.xml",
    }
    user, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_superuser": True,
                                                                                      "is_staff": True})
    client = Client()
    client.force_login(user)
    return uncached, client.cookies["sessionid"].value


def count_queries(url, cookie=None, cached=False):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(HTTP_HOST=HOST)
    if cookie:
        client.cookies["sessionid"] = cookie
    with override_settings(READER_PAGE_CACHE_SECONDS=300 if cached else 0):
        client.get(url)  # cached: stores the page; uncached: a story's first view may render its parts
        if not cached:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    return len(queries), response.status_code, len(response.content)


def start_server(name, env, module):
    port = PORTS[name]
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", module, "--workers", "2", "--worker-class", "sync",
         "--bind", f"{HOST}:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/robots.txt" if name != "bare" else f"http://{HOST}:{port}/",
                                   timeout=2)
            return process
        except Exception:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"{name} server did not start on port {port}")


def bare_rate(page_bytes, duration):
    """Requests/s of the bare view serving a static page of ``page_bytes``."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.bare.settings", BARE_PAGE_BYTES=str(page_bytes))
    process = start_server("bare", env, "bench.bare.wsgi")
    try:
        return wrk(PORTS["bare"], "/", duration)[0]
    finally:
        stop_server(process)


def stop_server(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def worker_rss_mib(process):
    """The largest resident size among the master's worker processes."""
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            found = re.search(r"VmRSS:\s+(\d+) kB", status.read_text())
            if found:
                sizes.append(int(found.group(1)) / 1024)
    return max(sizes, default=0.0)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("Installing wrk with apt-get…", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)


def wrk(port, path, duration, cookie=None):
    command = ["wrk", "-t2", "-c16", f"-d{duration}s", "--timeout", "10s", "--latency", f"http://{HOST}:{port}{path}"]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(command, capture_output=True, text=True).stdout
    drain(port)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: parse_ms(re.search(rf"\s{p}%\s+([\d.]+\w+)", out).group(1)) for p in ("50", "99")}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failures = int(non_2xx.group(1)) if non_2xx else 0
    failures += sum(int(n) for n in errors.groups()) if errors else 0
    return rate, latency["50"], latency["99"], failures


def drain(port, seconds=60):
    """Wait until the server has worked off the requests wrk left queued, so pages do not overlap."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=10).read()
            return
        except Exception:
            time.sleep(0.5)


def parse_ms(text):
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--only", default="", help="comma-separated page names (substring match)")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the bench database")
    options = parser.parse_args()
    ensure_wrk()
    uncached, cookie = prepare(options.stories, options.rebuild)
    chosen = [w.strip() for w in options.only.split(",") if w.strip()]
    rows = []
    for name, url in uncached.items():
        rows.append(("uncached", name, url, None))
    for name in ("story", "home", "40%-tag p1", "sitemap index", "stories sitemap", "RSS"):
        rows.append(("cached", f"{name}, cached", uncached[name], None))
    rows.append(("uncached", "admin story list", "/admin/articles/article/", cookie))
    rows = [row for row in rows if not chosen or any(c in row[1] for c in chosen)]

    figures = {}
    for kind, name, url, session in rows:
        figures[name] = count_queries(url, session, cached=kind == "cached")
    story = figures.get("story") or figures.get("story, cached") or count_queries(uncached["story"], None, cached=False)
    story_bytes = story[2]  # the bare page is as big as the story page, whichever pages were chosen

    bare_env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.bare.settings", BARE_PAGE_BYTES=str(story_bytes))
    servers = {
        "bare": start_server("bare", bare_env, "bench.bare.wsgi"),
        "uncached": start_server("uncached", newsroom_env(0), "newsroom.wsgi"),
        "cached": start_server("cached", newsroom_env(300), "newsroom.wsgi"),
    }
    try:
        bare_rates = [wrk(PORTS["bare"], "/", options.duration)[0]]
        results = []
        for index, (kind, name, url, session) in enumerate(rows):
            if index == len(rows) // 2:
                bare_rates.append(wrk(PORTS["bare"], "/", options.duration)[0])
            if kind == "cached":
                urllib.request.urlopen(f"http://{HOST}:{PORTS['cached']}{url}", timeout=60).read()
            results.append((name, wrk(PORTS[kind], url, options.duration, session)))
        bare_rates.append(wrk(PORTS["bare"], "/", options.duration)[0])
        rss = {name: worker_rss_mib(process) for name, process in servers.items()}
    finally:
        for process in servers.values():
            stop_server(process)

    # Pages much bigger than a story (feeds, sitemaps) cost bytes whoever sends them: also measure the
    # bare view serving a page of their size, for a like-for-like ratio beside the one.
    big = sorted({figures[name][2] for kind, name, _, _ in rows if figures[name][2] >= 2 * story_bytes})
    bare_of_size = {size: bare_rate(size, options.duration) for size in big}

    bare = statistics.median(bare_rates)
    print()
    print(f"{options.stories} stories, PostgreSQL + Redis, gunicorn 2 sync workers, wrk -t2 -c16 "
          f"-d{options.duration}s; bare static view ({story_bytes} bytes): {bare:.0f} req/s "
          f"(runs {', '.join(f'{r:.0f}' for r in bare_rates)})")
    print()
    print("| page | req/s | p50 ms | p99 ms | non-2xx | queries | status | ratio to bare | bytes | "
          "ratio to bare of its size |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, (rate, p50, p99, failures) in results:
        queries, status, size = figures[name]
        sized = f"{100 * rate / bare_of_size[size]:.1f}%" if size in bare_of_size else "same"
        print(f"| {name} | {rate:.1f} | {p50:.1f} | {p99:.1f} | {failures} | {queries} | {status} | "
              f"{100 * rate / bare:.1f}% | {size} | {sized} |")
    print()
    print("Worker RSS after load (MiB): " + ", ".join(f"{name} {size:.0f}" for name, size in rss.items()))


if __name__ == "__main__":
    main()
