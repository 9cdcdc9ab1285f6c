"""Import stories from files: ``manage.py import_articles PATH [PATH ...]``. See README, "Imports and exports"."""

import gc
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from tqdm import tqdm

from articles.importers import PARSERS
from articles.importers.fetch import ImageFetcher
from articles.importers.run import Defaults, ImportRun, input_size, inputs_from
from articles.models import Status


LABELS = {"created": "created", "updated": "updated", "skipped": "skipped", "conflict": "conflicts", "failed": "failed"}


class RolledBack(Exception):
    pass


class Command(BaseCommand):
    help = "Import stories from files, directories (searched recursively) or standard input (-)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="A file, a directory, or - for standard input.")
        parser.add_argument("--format", default="auto", choices=["auto", *PARSERS],
                            help="The files' format; auto (the default) tells it from the content.")
        parser.add_argument("--status", default=Status.DRAFT, choices=[Status.DRAFT, Status.PUBLISHED],
                            help="published makes stories live unless their source holds or embargoes them.")
        parser.add_argument("--source", default="", help="Name of the origin; defaults per format (e.g. the site URL).")
        parser.add_argument("--section", default="", help="Section name for stories that carry none.")
        parser.add_argument("--tags", default="", help="Comma-separated tags added to every story.")
        parser.add_argument("--no-new-tags", action="store_true",
                            help="Create no tags: keywords matching no tag or alias are left out and listed.")
        parser.add_argument("--dateline", default="", help="Dateline for stories that carry none.")
        parser.add_argument("--author", action="append", default=[], help="Byline author; repeat for several.")
        parser.add_argument("--published-at", default="", help="ISO date or date-time for stories that carry none.")
        parser.add_argument("--update", action="store_true",
                            help="Update earlier imports when the incoming version is newer (never editors' changes).")
        parser.add_argument("--dry-run", action="store_true", help="Parse, check and report; write nothing.")
        parser.add_argument("--atomic", action="store_true", help="One failure rolls back the whole run.")
        parser.add_argument("--strict", action="store_true",
                            help="A broken line refuses a whole JSON Lines or CSV file (default: it fails alone).")
        parser.add_argument("--fetch-images", action="store_true",
                            help="Download referenced images (public http(s) addresses only, size and time capped).")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        if not gc.get_freeze_count():  # once a process: a large import builds millions of short-lived objects,
            gc.collect()  # and each full collection would walk everything Django loaded before it too
            gc.freeze()
        inputs = list(self.checked_inputs(options["paths"]))
        sizes = [input_size(path) for path in options["paths"]]
        bar = tqdm(total=None if None in sizes else sum(sizes), unit="B", unit_scale=True, unit_divisor=1024,
                   disable=not (verbosity and sys.stderr.isatty()), file=sys.stderr)
        run = ImportRun(
            fmt=options["format"], status=options["status"], source=options["source"], update=options["update"],
            dry_run=options["dry_run"], strict=options["strict"], new_tags_allowed=not options["no_new_tags"],
            defaults=Defaults(
                section=options["section"], dateline=options["dateline"], authors=options["author"],
                tags=[t.strip() for t in options["tags"].split(",") if t.strip()],
                published_at=parse_when(options["published_at"]),
            ),
            fetcher=ImageFetcher() if options["fetch_images"] else None,
            say=lambda line, always: self.stdout.write(line) if verbosity > 1 or (always and verbosity) else None,
            progress=bar,
        )
        rolled_back = False
        try:
            if options["atomic"] and not options["dry_run"]:
                with transaction.atomic():
                    run.run(inputs)
                    if run.failed:
                        raise RolledBack
            else:
                run.run(inputs)
        except RolledBack:
            rolled_back = True
        finally:
            bar.close()
            if run.fetcher is not None:
                run.fetcher.discard_unused()  # files of stories rolled back with the run
        self.report(run, verbosity, rolled_back)
        if run.failed:
            raise CommandError("Some stories were not imported; each is named above.", returncode=1)

    def checked_inputs(self, paths):
        for raw in paths:
            if raw != "-" and not Path(raw).exists():
                raise CommandError(f"{raw}: no such file or directory", returncode=2)
        return inputs_from(paths)

    def report(self, run, verbosity, rolled_back):
        if not verbosity and not run.failed:
            return
        prefix = "dry run, nothing written: " if run.dry_run else ""
        tally = ", ".join(f"{count} {LABELS[name]}" for name, count in run.counts.items())
        verb = "new tags"  # a dry run says "nothing written" up front, so both runs read alike
        self.stdout.write(f"{prefix}{tally}; {len(run.new_tags)} {verb}")
        for reason, count in run.skip_reasons.most_common():
            self.stdout.write(f"  {count} skipped: {reason}")
        if run.dropped_tags:
            self.stdout.write(f"--no-new-tags: {len(run.dropped_tags)} unknown keywords left out: "
                              f"{', '.join(run.dropped_tags)}")
        elif run.new_tags and verbosity > 1:
            self.stdout.write(f"{verb}: {', '.join(run.new_tags)}")
        for outcome, origin, message in run.problems:
            self.stderr.write(f"{outcome}: {origin}: {message}")
        if rolled_back:
            self.stderr.write("--atomic: the run had failures, so everything was rolled back; nothing was saved.")


def parse_when(value):
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"--published-at: {value!r} is not an ISO date or date-time", returncode=2)
        moment = timezone.datetime(day.year, day.month, day.day, 9, 0)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
