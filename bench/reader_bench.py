"""Time the reader pages with and without the page cache, and count their queries.

    DEBUG=1 VAR_DIR=/tmp/reader-bench .venv/bin/python bench/reader_bench.py [--stories 2000]

Uses its own database under VAR_DIR (migrated and filled on first run). Prints figures; asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("VAR_DIR", "/tmp/reader-bench")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def fill(count):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article
    from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory

    have = Article.objects.published().count()
    sections = [SectionFactory(name=f"Section {n}", slug=f"section-{n}") for n in range(6)]
    authors = [AuthorFactory(name=f"Writer {n}", slug=f"writer-{n}") for n in range(30)]
    now = timezone.now()
    for n in range(have, count):
        ArticleFactory(
            published=True, headline=f"Bench story {n} about rice and the Mekong", section=sections[n % 6],
            authors=[authors[n % 30], authors[(n + 7) % 30]], tags=["Rice", f"Topic {n % 50}"],
            body="<p>" + "Words about the river and the harvest. " * 80 + "</p>",
            publish_at=now - timedelta(hours=n),
        )


def measure(client, url, repeat, cached):
    times, queries = [], 0
    for _ in range(repeat):
        if not cached:
            cache.clear()
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    fill(options.stories)
    from articles.models import Article

    article = Article.objects.published().first()
    urls = ["/", "/?page=5", article.get_absolute_url(), "/section/section-1/", "/tag/rice/", "/author/writer-3/",
            "/search/?q=mekong", "/rss/", "/sitemap-stories.xml", "/news-sitemap.xml"]
    client = Client()
    print(f"{connection.vendor}, {Article.objects.published().count()} live stories, median of {options.repeat}")
    print(f"{'page':<48}{'uncached ms':>12}{'queries':>9}{'cached ms':>11}{'queries':>9}")
    for url in urls:
        cold, cold_queries = measure(client, url, options.repeat, cached=False)
        warm, warm_queries = measure(client, url, options.repeat, cached=True)
        print(f"{url[:47]:<48}{cold:>12.1f}{cold_queries:>9}{warm:>11.1f}{warm_queries:>9}")


if __name__ == "__main__":
    main()
