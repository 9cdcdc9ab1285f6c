"""Import stories from files: ``manage.py import_articles PATH [PATH ...]``."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime, parse_date

from articles.importers import PARSERS
from articles.importers.base import Credit, ImportError_, Outcome, save_story
from articles.models import Status


class Command(BaseCommand):
    help = "Import stories from files, directories or standard input (-)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", default="text", choices=sorted(PARSERS))
        parser.add_argument("--status", default=Status.DRAFT, choices=[Status.DRAFT, Status.PUBLISHED])
        parser.add_argument("--source", default="", help="Name of the origin; defaults per format.")
        parser.add_argument("--section", default="", help="Section name for stories that carry none.")
        parser.add_argument("--tags", default="", help="Comma-separated tags added to every story.")
        parser.add_argument("--dateline", default="")
        parser.add_argument("--author", action="append", default=[], help="Byline author; repeat for several.")
        parser.add_argument("--published-at", default="", help="ISO date or date-time of publication.")
        parser.add_argument("--update", action="store_true", help="Update earlier imports when the source is newer.")
        parser.add_argument("--dry-run", action="store_true", help="Parse and report; write nothing.")

    def handle(self, *paths, **options):
        published_at = parse_when(options["published_at"])
        parse = PARSERS[options["format"]]
        counts = {outcome: 0 for outcome in Outcome} | {"failed": 0}
        for origin, data in read_inputs(options["paths"]):
            try:
                for record in parse(data, origin=origin, **({"source": options["source"]} if options["source"] else {})):
                    apply_defaults(record, options, published_at)
                    if options["dry_run"]:
                        self.stdout.write(f"would import: {record.headline} ({origin})")
                        continue
                    outcome, article = save_story(record, status=options["status"], update=options["update"])
                    counts[outcome] += 1
                    if options["verbosity"] > 1:
                        self.stdout.write(f"{outcome}: {article.headline}")
            except ImportError_ as exc:
                counts["failed"] += 1
                self.stderr.write(f"failed: {exc}")
        if options["verbosity"]:
            self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
        if counts["failed"]:
            sys.exit(1)


def parse_when(value):
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"--published-at: {value!r} is not an ISO date or date-time")
        moment = timezone.datetime(day.year, day.month, day.day, 9, 0)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def read_inputs(paths):
    for raw in paths:
        if raw == "-":
            yield "<stdin>", sys.stdin.buffer.read()
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                yield str(child), child.read_bytes()
        elif path.is_file():
            yield str(path), path.read_bytes()
        else:
            raise CommandError(f"{raw}: no such file or directory")


def apply_defaults(record, options, published_at):
    record.section = record.section or options["section"]
    record.dateline = record.dateline or options["dateline"]
    record.tags = [*record.tags, *(t.strip() for t in options["tags"].split(",") if t.strip())]
    if not record.credits and options["author"]:
        record.credits = [Credit(name=name) for name in options["author"]]
    record.published_at = record.published_at or published_at
