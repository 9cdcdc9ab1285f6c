"""Reader pages under concurrent load, served by gunicorn on the loopback, with and without the page cache.

    .venv/bin/python bench/http_bench.py [--stories 500] [--concurrency 8] [--requests 200] [--workers 2]

Builds its own database under VAR_DIR (default /tmp/http-bench: migrated, demo stories, plus
generated ones), starts gunicorn on 127.0.0.1 twice (page cache off, then on), and sends a bounded
number of requests from Python threads to the home, article, section, search, feed and sitemap
pages. Prints requests per second and p50/p95 latency; asserts nothing. Set DATABASE_URL or
REDIS_URL to measure PostgreSQL or a Redis page cache shared by the workers.
"""

import argparse
import io
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("VAR_DIR", "/tmp/http-bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["DEBUG"] = "1"  # for building the database; the server below runs with DEBUG off

HOST = "127.0.0.1"  # loopback only
REQUEST_TIMEOUT = 10
RUN_DEADLINE = 120  # seconds one page may take in all before the rest of its requests are skipped


def prepare(stories):
    """Migrate, load the demo, add generated stories, collect static files; return the pages to load."""
    import django

    django.setup()
    from django.core.management import call_command

    from articles.models import Article
    from reader_bench import fill

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    fill(stories)
    os.environ["DEBUG"] = "0"
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True,
                   env=server_env(cache_seconds=0))
    article = Article.objects.published().order_by("-publish_at").first()
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": "/section/section-1/",
        "search": "/search/?q=mekong",
        "rss": "/rss/",
        "sitemap": "/sitemap-stories.xml",
        "news sitemap": "/news-sitemap.xml",
    }


def server_env(cache_seconds):
    env = dict(os.environ)
    env.update(DEBUG="0", SECRET_KEY="http-bench-only-not-a-secret", ALLOWED_HOSTS=HOST,
               READER_PAGE_CACHE_SECONDS=str(cache_seconds), LOG_LEVEL="WARNING", SECURE_SSL_REDIRECT="0")
    return env


def start_server(port, workers, cache_seconds):
    command = [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"{HOST}:{port}",
               "--workers", str(workers), "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=server_env(cache_seconds))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start within 30 seconds")


def fetch(url):
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, (time.perf_counter() - start) * 1000


def load(url, count, concurrency):
    """``count`` requests to ``url``, ``concurrency`` at a time; (requests/s, p50 ms, p95 ms, failures)."""
    for _ in range(3):
        fetch(url)  # warm up: compile templates, fill the page cache
    deadline = time.monotonic() + RUN_DEADLINE
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(lambda _: fetch(url) if time.monotonic() < deadline else (0, 0.0), range(count)))
    elapsed = time.perf_counter() - start
    times = sorted(ms for status, ms in results if status == 200)
    failures = len(results) - len(times)
    if len(times) < 2:
        return 0.0, 0.0, 0.0, failures
    cuts = statistics.quantiles(times, n=100)
    return len(times) / elapsed, cuts[49], cuts[94], failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=500, help="live stories to have in all (demo included)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at once")
    parser.add_argument("--requests", type=int, default=200, help="requests per page and cache setting")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8391)
    options = parser.parse_args()
    options.concurrency = max(1, min(options.concurrency, 64))
    options.requests = max(10, min(options.requests, 5000))

    pages = prepare(options.stories)
    backend = os.environ.get("DATABASE_URL", "sqlite").split(":")[0]
    cache_kind = "redis" if os.environ.get("REDIS_URL") else "per-process memory"
    print(f"{backend}, {options.stories} stories, gunicorn x{options.workers}, {options.concurrency} concurrent, "
          f"{options.requests} requests per row, page cache in {cache_kind}")
    print(f"{'page':<14}{'cache':<7}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'failed':>8}")
    for cache_seconds, label in ((0, "off"), (300, "on")):
        server = start_server(options.port, options.workers, cache_seconds)
        try:
            for name, path in pages.items():
                rate, p50, p95, failed = load(f"http://{HOST}:{options.port}{path}", options.requests,
                                              options.concurrency)
                print(f"{name:<14}{label:<7}{rate:>9.1f}{p50:>9.1f}{p95:>9.1f}{failed:>8}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
