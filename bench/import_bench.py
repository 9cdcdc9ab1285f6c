"""Import speed and memory: ``python bench/import_bench.py [--n 10000 100000] [--formats jsonl json wxr] [--databases sqlite postgres] [--statuses draft published] [--root CHECKOUT]``.

Generates N synthetic stories (tags, two authors, a section, ~300 words) as
JSON Lines, a WordPress WXR file and (``--formats json``) one JSON document, then times ``import_articles`` on each
into a fresh SQLite file and a fresh PostgreSQL database, one child process
per run. Prints stories per second, the peak resident memory of the child
(and how much the import added to it), and the CPU time per story of the child
and (PostgreSQL on this machine) of its database backend: on a shared machine
the CPU figures move less than the wall-clock ones. Not a test: figures, not assertions.

PostgreSQL: ``--postgres-url`` (default ``postgres://postgres@127.0.0.1:5432/bench_imports``);
the database is dropped and re-created for every run.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("river market minister province harvest council rice garment border ferry temple budget "
         "election monsoon fishermen dam school hospital road festival").split()
TAGS = [f"Topic {n}" for n in range(200)]
AUTHORS = [f"Reporter {n}" for n in range(50)]
SECTIONS = ["Politics", "Business", "Environment", "Sport", "Culture", "World", "Health", "Travel"]


def paragraphs(rng):
    return ["Sentence " + " ".join(rng.choice(WORDS) for _ in range(60)) + "." for _ in range(5)]


def stories(n, seed=1):
    rng = random.Random(seed)
    for i in range(n):
        yield json.dumps({
            "id": f"bench-{i}", "version": 1, "headline": f"Synthetic story {i} about the {rng.choice(WORDS)}",
            "body_html": "".join(f"<p>{p}</p>" for p in paragraphs(rng)),
            "section": rng.choice(SECTIONS), "tags": rng.sample(TAGS, 4), "authors": rng.sample(AUTHORS, 2),
            "published_at": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00Z", "status": "published",
        })


def write_jsonl(path, n, seed=1):
    with path.open("w", encoding="utf-8") as out:
        for line in stories(n, seed):
            out.write(line + "\n")


def write_json(path, n, seed=1):
    """One JSON array (``{"items": [...]}``), to show the streaming JSON reader keeps memory flat too."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{"items": [\n')
        for i, line in enumerate(stories(n, seed)):
            out.write(("," if i else "") + line + "\n")
        out.write("]}\n")


def write_wxr(path, n, seed=1):
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                  'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
                  'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
                  "<channel><title>Bench</title><link>https://bench.example.com</link>"
                  "<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example.com</wp:base_site_url>\n")
        for i in range(n):
            tags = "".join(f'<category domain="post_tag"><![CDATA[{t}]]></category>' for t in rng.sample(TAGS, 4))
            out.write(
                f"<item><title>Synthetic story {i}</title><dc:creator>{escape(rng.choice(AUTHORS))}</dc:creator>"
                f"<content:encoded><![CDATA[{chr(10).join(p + chr(10) for p in paragraphs(rng))}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{i + 1}</wp:post_id>"
                f"<wp:post_date_gmt>2024-05-01 08:00:00</wp:post_date_gmt><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type><wp:post_name>story-{i}</wp:post_name>"
                f'<category domain="category"><![CDATA[{rng.choice(SECTIONS)}]]></category>{tags}</item>\n'
            )
        out.write("</channel></rss>\n")


WRITERS = {"jsonl": write_jsonl, "json": write_json, "wxr": write_wxr}

CHILD = r"""
import os, resource, sys, time, io
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection

def backend_cpu():  # the CPU seconds of this connection's PostgreSQL backend (same machine), else 0
    try:
        fields = open(f"/proc/{{connection.cursor().connection.info.backend_pid}}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (AttributeError, OSError):
        return 0.0

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
database_cpu, own_cpu = backend_cpu(), cpu()
started = time.perf_counter()
from django.core.management import CommandError
try:
    call_command("import_articles", {path!r}, verbosity=0, status={status!r})
except (SystemExit, CommandError):
    pass
elapsed = time.perf_counter() - started
own_cpu, database_cpu = cpu() - own_cpu, backend_cpu() - database_cpu
from articles.models import Article
print(Article.objects.count(), elapsed, base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, own_cpu, database_cpu)
"""


def reset_postgres(url):
    import psycopg
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                         password=parts.password, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def run(database_url, path, status="draft", root=ROOT):
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="bench-only", DEBUG="")
    result = subprocess.run([sys.executable, "-c", CHILD.format(root=str(root), path=str(path), status=status)],
                            env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(result.stderr)
    count, elapsed, base, peak, own_cpu, database_cpu = result.stdout.split()[-6:]
    return int(count), float(elapsed), int(base) / 1024, int(peak) / 1024, float(own_cpu), float(database_cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000], help="Story counts to try.")
    parser.add_argument("--formats", nargs="+", default=["jsonl", "wxr"], choices=sorted(WRITERS))
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--statuses", nargs="+", default=["draft", "published"], choices=["draft", "published"])
    parser.add_argument("--root", nargs="+", default=[str(ROOT)],
                        help="Checkouts to compare in one run (e.g. a worktree of the previous commit).")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/bench_imports")
    args = parser.parse_args()
    print(f"{'checkout':<14} {'format':<6} {'database':<9} {'status':<9} {'stories':>8} {'seconds':>8} "
          f"{'stories/s':>10} {'peak MB':>8} {'import +MB':>10} {'CPU ms/story':>12} {'db ms/story':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.n:
            for fmt in args.formats:
                path = Path(tmp) / f"bench-{n}.{'xml' if fmt == 'wxr' else fmt}"
                WRITERS[fmt](path, n)
                for database in args.databases:
                    for status in args.statuses:
                        for root in args.root:  # interleaved, so a noisy moment hurts every checkout alike
                            if database == "sqlite":
                                url = f"sqlite:///{tmp}/bench-{n}-{fmt}-{status}-{Path(root).name}.sqlite3"
                            else:
                                url = args.postgres_url
                                reset_postgres(url)
                            count, elapsed, base, peak, own_cpu, database_cpu = run(url, path, status, root)
                            print(f"{Path(root).name[:14]:<14} {fmt:<6} {database:<9} {status:<9} {count:>8} "
                                  f"{elapsed:>8.1f} {count / elapsed:>10.0f} {peak:>8.0f} {peak - base:>10.0f} "
                                  f"{1000 * own_cpu / max(count, 1):>12.2f} {1000 * database_cpu / max(count, 1):>11.2f}",
                                  flush=True)


if __name__ == "__main__":
    main()
