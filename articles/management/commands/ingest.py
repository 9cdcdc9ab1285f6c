"""Poll ingest sources: ``manage.py ingest`` (every due source, once) or ``--loop``. See README, "Ingest"."""

import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from articles.ingest import poll_due_sources, poll_source
from articles.models import IngestSource

MAX_SLEEP = 60


class Command(BaseCommand):
    help = "Poll every ingest source that is due, once; --loop keeps polling (for a process manager)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep polling until stopped (SIGTERM or Ctrl-C).")
        parser.add_argument("--source", action="append", default=[], metavar="NAME",
                            help="Poll this source now, due or not (repeat for several).")

    def handle(self, *args, **options):
        self.stopping, self.verbosity = False, options["verbosity"]
        signal.signal(signal.SIGTERM, self.stop)
        if options["source"]:
            sources = list(IngestSource.objects.filter(name__in=options["source"]))
            missing = set(options["source"]) - {s.name for s in sources}
            if missing:
                raise CommandError(f"no ingest source named {', '.join(sorted(missing))}", returncode=2)
            for source in sources:
                poll = poll_source(source)
                if poll is None:
                    self.stdout.write(f"{source.name}: another poll of this source is running; left to it")
                else:
                    self.report(poll)
            return
        while True:
            for poll in poll_due_sources():
                self.report(poll)
            if not options["loop"] or self.stopping:
                return
            close_old_connections()
            self.sleep_until_next()
            if self.stopping:
                return

    def sleep_until_next(self):
        deadline = time.monotonic() + seconds_until_next()
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.5)

    def stop(self, *_):
        self.stopping = True

    def report(self, poll):
        line = (f"{poll.source.name}: {poll.created} created, {poll.updated} updated, {poll.skipped} skipped, "
                f"{poll.failed} failed" + (" (not modified)" if poll.not_modified else ""))
        if poll.error:
            self.stderr.write(f"{line}; error: {poll.error}")
        elif self.verbosity > 1 or (self.verbosity and (poll.created or poll.updated or poll.failed)):
            self.stdout.write(line)


def seconds_until_next(now=None):
    """How long the loop sleeps: until a source is due and free (one another poller holds waits for its
    lease), at least a second and at most ``MAX_SLEEP``."""
    now = now or timezone.now()
    times = [max(due or now, leased or now) for due, leased in
             IngestSource.objects.filter(enabled=True).values_list("next_poll_at", "leased_until")]
    wait = MAX_SLEEP if not times else (min(times) - now).total_seconds()
    return min(max(wait, 1), MAX_SLEEP)
