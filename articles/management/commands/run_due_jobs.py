"""Run the delayed jobs kept in the database: ``manage.py run_due_jobs`` (once) or ``--loop``.

See ``articles.jobs.later``: webhook retries and scheduled announcements wait there when there is
no Redis (``make run`` without redis-server) or Redis could not be reached when they were queued.
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from articles.jobs.later import run_due


class Command(BaseCommand):
    help = "Run every delayed job that is due, once; --loop keeps checking (for a process manager)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running due jobs until stopped.")
        parser.add_argument("--every", type=float, default=5.0, metavar="SECONDS",
                            help="With --loop: how often to look for due jobs (default 5).")

    def handle(self, *args, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        while True:
            ran, failed = run_due()
            if options["verbosity"] and (ran or failed):
                self.stdout.write(f"{ran} delayed job(s) run, {failed} failed")
            if not options["loop"] or self.stopping:
                return
            close_old_connections()
            deadline = time.monotonic() + max(options["every"], 0.1)
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(0.1)

    def stop(self, *_):
        self.stopping = True
