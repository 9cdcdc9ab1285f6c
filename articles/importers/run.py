"""One import run over many inputs: detection, a checking pass, batched saves, and the tally.

Each file is read twice. The first pass only parses (JSON Lines only checks its
lines: ``CHECKERS``), so a file that turns out to be broken or hostile half-way
through is refused before any of its stories is saved. The second pass saves
the stories in batches through :func:`articles.importers.base.save_stories`.

Line-oriented formats (JSON Lines, CSV) fail a broken line alone unless the run
is ``strict``. Progress is reported in bytes of input read, so a bar with the
inputs' total size can estimate the time left.
"""

import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from articles.importers import BARE_SOURCES, CHECKERS, DEFAULT_SOURCES, PARSERS, describe_format, detect_format, limits
from articles.importers.base import (
    Credit, ImportError_, Notice, Outcome, Result, StoryRecord, plan_stories, save_stories,
)
from articles.importers.notes import add_import_notes
from articles.models import normalise_tag_name
from articles.tagging import screen_import_tags

BATCH_SIZE = 500
SNIFF_BYTES = 64 * 1024
LINE_FORMATS = {"jsonl", "csv"}  # a broken line fails alone unless strict
READ_WHOLE = {"text", "markdown", "rss", "atom", "nitf", "newsml"}  # formats parsed from one string in memory


@dataclass
class Defaults:
    """Operator-supplied values for stories that carry none."""

    section: str = ""
    tags: list[str] = field(default_factory=list)
    dateline: str = ""
    authors: list[str] = field(default_factory=list)
    published_at: object = None
    credit_line: str = ""

    def apply(self, record):
        record.section = record.section or self.section
        record.credit_line = record.credit_line or self.credit_line
        record.dateline = record.dateline or self.dateline
        record.tags = [*record.tags, *self.tags]
        if not record.credits and self.authors:
            record.credits = [Credit(name=name) for name in self.authors]
        record.published_at = record.published_at or self.published_at


@dataclass
class ImportRun:
    fmt: str = "auto"
    status: str = "draft"
    source: str = ""
    # The source of stories whose file names none (instead of the bare format, e.g. "json"): an ingest
    # source's own, so two sources' items with the same id never meet. Their old key is kept as legacy.
    scope: str = ""
    update: bool = False
    dry_run: bool = False
    strict: bool = False  # a broken line refuses a whole JSON Lines or CSV file
    new_tags_allowed: bool = True  # False (--no-new-tags): keywords matching no tag or alias are left out
    defaults: Defaults = field(default_factory=Defaults)
    fetcher: object = None
    say: object = None  # callable for verbose lines, or None
    progress: object = None  # object with update(bytes read), or None
    counts: dict = field(default_factory=lambda: {outcome: 0 for outcome in Outcome})
    problems: list = field(default_factory=list)  # (outcome, origin, message)
    skip_reasons: Counter = field(default_factory=Counter)  # why stories were skipped, for the summary
    results: list = field(default_factory=list)  # every saved story's Result, when keep_results
    keep_results: bool = False
    bytes_done: int = 0  # of the current file, for progress
    unknown_tags: dict = field(default_factory=dict)  # normalised name -> keyword as first seen

    @property
    def new_tags(self):
        """Keywords for which the run created (or, in a dry run, would create) a tag."""
        return list(self.unknown_tags.values()) if self.new_tags_allowed else []

    @property
    def dropped_tags(self):
        """Keywords left out because they match no tag or alias (``--no-new-tags``)."""
        return [] if self.new_tags_allowed else list(self.unknown_tags.values())

    def run(self, inputs):
        for origin, opener in inputs:
            with opener() as stream:
                self.import_file(origin, stream)
        return self

    def import_file(self, origin, stream):
        head = stream.read(SNIFF_BYTES)
        stream.seek(0)
        fmt = self.fmt if self.fmt != "auto" else detect_format(head, origin)
        self.tell(f"{origin}: {describe_format(fmt, head)}" + (" (detected)" if self.fmt == "auto" else ""))
        parse, source = PARSERS[fmt], self.source or DEFAULT_SOURCES[fmt]
        options = {"source": source} if source else {}
        if self.strict and fmt in LINE_FORMATS:
            options["strict"] = True
        self.bytes_done = 0
        try:
            if fmt in READ_WHOLE:
                limits.check_document_size(stream, origin)
            for _ in limits.count_items(CHECKERS.get(fmt, parse)(stream, origin=origin, **options), origin):
                pass
        except ImportError_ as exc:
            self.fail(origin, str(exc))
            self.advance(stream, finished=True)
            return
        except RecursionError:  # a parser we do not own recursed on nesting the limits did not foresee
            self.fail(origin, "refused: nested too deeply to read")
            return
        stream.seek(0)
        batch = []
        for item in parse(stream, origin=origin, **options):
            if isinstance(item, Notice):
                self.notice(item)
                continue
            self.defaults.apply(item)
            if self.scope and item.source in BARE_SOURCES:
                item.legacy_source, item.source = item.source, self.scope
            batch.append(item)
            if len(batch) >= BATCH_SIZE:
                self.flush(batch)
                self.advance(stream)
                batch = []
        self.flush(batch)
        self.advance(stream, finished=True)

    def advance(self, stream, finished=False):
        """Tell the progress display how many more bytes of the file have been dealt with."""
        if self.progress is None:
            return
        position = size_of(stream) if finished else stream.tell()
        if position and position > self.bytes_done:
            self.progress.update(position - self.bytes_done)
            self.bytes_done = position

    def flush(self, records):
        if not records:
            return
        for name in screen_import_tags(records, allow_new=self.new_tags_allowed):
            self.unknown_tags.setdefault(normalise_tag_name(name), name)
        if self.dry_run:
            results = plan_stories(records, update=self.update)
        else:
            results = save_stories(records, status=self.status, update=self.update, fetcher=self.fetcher)
            add_import_notes(results)
            if self.keep_results:
                self.results.extend(results)
        for result in results:
            self.record(result)

    def record(self, result: Result):
        record: StoryRecord = result.record
        self.counts[result.outcome] += 1
        if result.outcome in (Outcome.FAILED, Outcome.CONFLICT):
            self.problems.append((result.outcome, record.origin, strip_origin(result.message, record.origin)))
        if result.outcome == Outcome.SKIPPED:
            self.skip_reasons[result.message or "no reason given"] += 1
        verb = f"would be {result.outcome}" if self.dry_run else str(result.outcome)
        detail = f" ({result.message})" if result.message and result.outcome != Outcome.FAILED else ""
        if result.outcome != Outcome.FAILED:
            self.tell(f"{verb}: {record.headline} [{record.origin}]{detail}")
        if record.editor_note:
            self.tell(f"  editor's note on {record.origin}: {record.editor_note}")
        for warning in result.warnings:
            self.tell(f"  warning: {warning}", always=True)

    def notice(self, notice):
        if notice.failed:
            self.fail(notice.origin, strip_origin(notice.message, notice.origin))
        else:
            self.counts[Outcome.SKIPPED] += 1
            self.skip_reasons[notice.message] += 1
            self.tell(f"skipped: {notice.origin}: {notice.message}")

    def fail(self, origin, message):
        self.counts[Outcome.FAILED] += 1
        self.problems.append((Outcome.FAILED, origin, strip_origin(message, origin)))

    def tell(self, line, always=False):
        if self.say is not None:
            self.say(line, always)

    @property
    def failed(self):
        return self.counts[Outcome.FAILED]


def size_of(stream):
    """The size in bytes of a seekable file object, or 0 when it cannot tell."""
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        try:
            here = stream.tell()
            end = stream.seek(0, os.SEEK_END)
            stream.seek(here)
            return end
        except (AttributeError, OSError, ValueError):
            return 0


def input_size(path):
    """Bytes in a file named on the command line, or ``None`` for standard input."""
    return None if path == "-" else sum(
        p.stat().st_size for p in ([Path(path)] if Path(path).is_file() else Path(path).rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    )


def strip_origin(message, origin):
    prefix = f"{origin}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def inputs_from(paths, stdin=None):
    """``(origin, opener)`` for every file named, found under a directory, or ``-`` for standard input."""
    for raw in paths:
        if raw == "-":
            spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
            source = stdin or sys.stdin.buffer
            while chunk := source.read(1024 * 1024):
                spool.write(chunk)
            spool.seek(0)
            yield "<stdin>", lambda spool=spool: spool
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                yield str(child), lambda child=child: child.open("rb")
        elif path.is_file():
            yield str(path), lambda path=path: path.open("rb")
        else:
            raise FileNotFoundError(raw)
