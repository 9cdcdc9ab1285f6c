"""Gunicorn worker memory (RSS) after reader load, and what the imports cost.

    .venv/bin/python bench/memory.py                       # this checkout, page cache off and on
    .venv/bin/python bench/memory.py --compare /tmp/base   # A/B against another checkout, interleaved
    .venv/bin/python bench/memory.py --seconds 3 --admin --imports 25

Serves each checkout the way ``bench/run.py`` does (gunicorn, 2 sync workers, DEBUG off, persistent
connections, Redis cache) on ``bench_newsroom`` (built by ``make bench``) opened **read-only**
(``default_transaction_read_only``: a page that tried to write would answer 500 and be counted), on
its own ports (8611…), Redis db 12 and its own cache key prefix. Drives each reader page (story, home,
section, tag, deep tag page, author, search, sitemaps, RSS, API without a key) with ``wrk -t2 -c8`` for
``--seconds``; with ``--admin`` also the admin story list as ``bench-admin`` (a signed-cookie session,
so logging in writes nothing). Then prints every worker's VmRSS at start and after the load.

``--imports N`` prints the N modules whose import grew the resident size most while the WSGI app and
its URLconf load (each module's own cost, its nested imports excluded), grouped by package too.
Asserts nothing: compare checkouts within one run.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/").rstrip("/") + "/"
DATABASE_URL = SERVER_URL + os.environ.get("BENCH_DATABASE_NAME", "bench_newsroom")
READ_ONLY = "?options=-c%20default_transaction_read_only%3Don"
REDIS_URL = os.environ.get("MEMORY_REDIS_URL", "redis://127.0.0.1:6379/12")
PAGES = [
    "/", "/section/section-1/", "/tag/popular/", "/tag/popular/?page=100", "/author/writer-3/",
    "/search/?q=harvest", "/search/?q=zanzibar", "/sitemap.xml", "/sitemap-stories.xml", "/rss/",
    "/news-sitemap.xml",
]
API_PAGE = "/api/v1/stories/"  # without a key: 401, which still loads the API's code
ADMIN_PAGE = "/admin/articles/article/"


def server_env(root, cache_seconds, name):
    env = dict(os.environ)
    env.pop("TEST_DATABASE_NAME", None)
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings", DEBUG="0", SECRET_KEY="memory-bench-not-secret",
        ALLOWED_HOSTS=f"{HOST},localhost", DATABASE_URL=DATABASE_URL + READ_ONLY, CONN_MAX_AGE="600",
        REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX="memory-" + re.sub(r"\W+", "-", name), VAR_DIR="/tmp/bench-newsroom",
        STATIC_ROOT="/tmp/bench-newsroom/static", READER_PAGE_CACHE_SECONDS=str(cache_seconds),
        LOG_LEVEL="ERROR", SITE_URL=f"http://{HOST}", SECURE_SSL_REDIRECT="0", SESSION_BACKEND="signed_cookies",
        PYTHONPATH=str(root),
    )
    return env


class Server:
    def __init__(self, name, root, cache_seconds, port):
        self.name, self.root, self.port = name, Path(root), port
        self.env = server_env(self.root, cache_seconds, name)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--workers", "2", "--worker-class", "sync",
             "--bind", f"{HOST}:{port}", "--log-level", "warning"],
            cwd=self.root, env=self.env, start_new_session=True,
        )

    def wait(self):
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://{HOST}:{self.port}/robots.txt", timeout=5).read()
                return
            except Exception:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"{self.name} did not start on port {self.port}")

    def workers(self):
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return sorted(int(pid) for pid in out.split())

    def rss(self):
        return [vm_rss_mib(pid) for pid in self.workers()]

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def vm_rss_mib(pid):
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return 0.0
    return int(re.search(r"VmRSS:\s+(\d+) kB", text).group(1)) / 1024


def load(port, path, seconds, cookie=None):
    """wrk on one page; returns (requests, non-2xx/3xx answers)."""
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", f"http://{HOST}:{port}{path}"]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(command, capture_output=True, text=True).stdout
    requests = re.search(r"(\d+) requests in", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return int(requests.group(1)) if requests else 0, int(bad.group(1)) if bad else 0


def story_path(port):
    """The first story linked from the home page."""
    html = urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=60).read().decode()
    found = re.search(r'href="(/\d{4}/\d{2}/\d{2}/[^"]+/)"', html) or re.search(r'href="(/[^"]*bench-story[^"]*)"', html)
    return found.group(1) if found else None


def admin_cookie(root, env):
    """A signed-cookie session for the bench's superuser, made without writing to the database."""
    code = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.sessions.backends.signed_cookies import SessionStore\n"
        "user = get_user_model().objects.get(username='bench-admin')\n"
        "s = SessionStore()\n"
        "s.update({'_auth_user_id': str(user.pk), '_auth_user_hash': user.get_session_auth_hash(),\n"
        "          '_auth_user_backend': 'django.contrib.auth.backends.ModelBackend'})\n"
        "s.save(); print(s.session_key)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)
    return out.stdout.strip() or None


IMPORT_PROBE = r'''
import collections, importlib.abc, sys
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20
stack, own = [], collections.Counter()
class Measured(importlib.abc.Loader):
    def __init__(self, inner, name):
        self.inner, self.name = inner, name
    def create_module(self, spec):
        return self.inner.create_module(spec)
    def exec_module(self, module):
        start = rss()
        stack.append(0.0)
        try:
            self.inner.exec_module(module)
        finally:
            nested, spent = stack.pop(), rss() - start
            own[self.name] += spent - nested
            if stack:
                stack[-1] += spent
    def __getattr__(self, name):
        return getattr(self.inner, name)
class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        for finder in sys.meta_path:
            if finder is not self and hasattr(finder, "find_spec"):
                spec = finder.find_spec(name, path, target)
                if spec:
                    if spec.loader and hasattr(spec.loader, "exec_module"):
                        spec.loader = Measured(spec.loader, name)
                    return spec
sys.meta_path.insert(0, Finder())
start = rss()
import newsroom.wsgi
from django.urls import get_resolver
get_resolver().url_patterns
print(f"RSS {start:.1f} MiB at start, {rss():.1f} MiB with the WSGI app and URLconf loaded "
      f"({len(sys.modules)} modules)")
packages = collections.Counter()
for name, size in own.items():
    packages[name.split(".")[0]] += size
print("By package:  " + ", ".join(f"{name} {size:.1f}" for name, size in packages.most_common(TOP)))
print("By module:   " + ", ".join(f"{name} {size:.1f}" for name, size in own.most_common(TOP)))
'''


def import_costs(root, top):
    env = server_env(Path(root), 0, "imports")
    code = f"TOP = {top}\n" + IMPORT_PROBE
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)
    return out.stdout.strip() or out.stderr.strip()[-2000:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="append", default=[], help="another checkout to serve beside this one")
    parser.add_argument("--seconds", type=int, default=3, help="seconds of wrk per page")
    parser.add_argument("--port", type=int, default=8611, help="first port (one per server)")
    parser.add_argument("--admin", action="store_true", help="also load the admin story list (cache-off servers)")
    parser.add_argument("--api", action="store_true", help="also load the Content API (401 without a key)")
    parser.add_argument("--imports", type=int, default=0, help="print the N modules that cost most to import")
    options = parser.parse_args()

    roots = [ROOT, *(Path(path).resolve() for path in options.compare)]
    servers = []
    for index, root in enumerate(roots):
        label = "this" if index == 0 else root.name
        servers.append(Server(f"{label}, cache off", root, 0, options.port + 2 * index))
        servers.append(Server(f"{label}, cache on", root, 300, options.port + 2 * index + 1))
    try:
        for server in servers:
            server.wait()
        started = {server.name: server.rss() for server in servers}
        pages = list(PAGES)
        story = story_path(servers[0].port)
        if story:
            pages.insert(0, story)
        cookies = {server.name: admin_cookie(server.root, server.env) if options.admin else None
                   for server in servers}
        failures = {server.name: 0 for server in servers}
        requests = {server.name: 0 for server in servers}
        for path in pages + ([API_PAGE] if options.api else []) + ([ADMIN_PAGE] if options.admin else []):
            for server in servers:  # interleaved, so every server sees the same machine load
                if path == ADMIN_PAGE and "cache on" in server.name:
                    continue
                cookie = cookies[server.name] if path == ADMIN_PAGE else None
                done, bad = load(server.port, path, options.seconds, cookie)
                requests[server.name] += done
                failures[server.name] += 0 if path == API_PAGE else bad  # no key: 401 is the answer wanted
        after = {server.name: server.rss() for server in servers}
    finally:
        for server in servers:
            server.stop()

    print(f"\nWorker VmRSS (MiB), gunicorn 2 sync workers, wrk -t2 -c8 -d{options.seconds}s on each of "
          f"{len(pages)} reader pages{', the API' if options.api else ''}"
          f"{' and (cache off) the admin story list' if options.admin else ''}\n")
    print("| server | at start | after load | max after load | requests | non-2xx |")
    print("|---|---|---|---|---|---|")
    for server in servers:
        name = server.name
        print(f"| {name} | {', '.join(f'{size:.0f}' for size in started[name])} | "
              f"{', '.join(f'{size:.0f}' for size in after[name])} | {max(after[name], default=0):.0f} | "
              f"{requests[name]} | {failures[name]} |")
    if options.imports:
        for root in roots:
            print(f"\nImports of {root} (MiB of RSS each import added):")
            print(import_costs(root, options.imports))


if __name__ == "__main__":
    main()
