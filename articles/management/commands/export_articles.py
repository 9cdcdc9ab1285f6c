"""Export stories: ``manage.py export_articles --format ninjs|jsonl``. See README, "Imports and exports"."""

import json
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from articles.exporters import EXPORTERS
from articles.models import Article, Status


class Command(BaseCommand):
    help = "Write stories as ninjs 2.0 or our own JSON Lines, one story per line."

    def add_arguments(self, parser):
        parser.add_argument("--format", default="jsonl", choices=sorted(EXPORTERS),
                            help="ninjs (IPTC ninjs 2.0) or jsonl (our import format; loses nothing).")
        parser.add_argument("--status", choices=[choice for choice, _ in Status.choices],
                            help="Only stories in this state, e.g. published.")
        parser.add_argument("--since", default="", help="Only stories changed on or after this ISO date or date-time.")
        parser.add_argument("--include-internal-tags", action="store_true",
                            help="Also write internal tags (never shown to readers), apart from the others: "
                                 "for an internal archive, never for a partner.")
        parser.add_argument("--output", default="-", help="File to write; - (the default) for standard output.")

    def handle(self, *args, **options):
        stories = Article.objects.with_related().select_related("lead_image").order_by("pk")
        if options["status"]:
            stories = stories.filter(status=options["status"])
        if options["since"]:
            stories = stories.filter(modified_at__gte=parse_since(options["since"]))
        internal_tags = options["include_internal_tags"]
        if internal_tags:
            stories = stories.prefetch_related("tags")

        def to_dict(article):
            return EXPORTERS[options["format"]](article, internal_tags=internal_tags)

        if options["output"] == "-":
            try:
                for article in stories.iterator(chunk_size=500):
                    self.stdout.write(json.dumps(to_dict(article), ensure_ascii=False))
            except BrokenPipeError:  # the reader (e.g. ``| head``) has had enough
                sys.stderr.close()
            return
        count = write_file(Path(options["output"]), (to_dict(a) for a in stories.iterator(chunk_size=500)))
        if options["verbosity"]:
            sys.stderr.write(f"{count} stories written to {options['output']}\n")


def write_file(path, items):
    """Write ``items`` as JSON Lines to ``path`` whole or not at all (a temporary file renamed at the end)."""
    if not path.parent.is_dir():
        raise CommandError(f"--output: the folder {path.parent} does not exist", returncode=2)
    try:
        handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                             delete=False)
    except OSError as exc:
        raise CommandError(f"--output: cannot write in {path.parent}: {exc.strerror}", returncode=2) from exc
    count = 0
    try:
        with handle:
            for item in items:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
                count += 1
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise
    return count


def parse_since(value):
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"--since: {value!r} is not an ISO date or date-time", returncode=2)
        moment = timezone.datetime(day.year, day.month, day.day)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
