"""One import run over many inputs: detection, a checking pass, batched saves, and the tally.

Each file is read twice. The first pass only parses, so a file that turns out
to be broken or hostile half-way through is refused before any of its stories
is saved. The second pass saves the stories in batches through
:func:`articles.importers.base.save_stories`.
"""

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from articles.importers import DEFAULT_SOURCES, PARSERS, describe_format, detect_format, limits
from articles.importers.base import (
    Credit, ImportError_, Notice, Outcome, Result, StoryRecord, plan_stories, save_stories,
)

BATCH_SIZE = 500
SNIFF_BYTES = 64 * 1024
READ_WHOLE = {"text", "markdown", "rss", "atom", "nitf", "newsml"}  # formats parsed from one string in memory


@dataclass
class Defaults:
    """Operator-supplied values for stories that carry none."""

    section: str = ""
    tags: list[str] = field(default_factory=list)
    dateline: str = ""
    authors: list[str] = field(default_factory=list)
    published_at: object = None

    def apply(self, record):
        record.section = record.section or self.section
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
    update: bool = False
    dry_run: bool = False
    defaults: Defaults = field(default_factory=Defaults)
    fetcher: object = None
    say: object = None  # callable for verbose lines, or None
    progress: object = None  # object with update(n), or None
    counts: dict = field(default_factory=lambda: {outcome: 0 for outcome in Outcome})
    problems: list = field(default_factory=list)  # (outcome, origin, message)

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
        try:
            if fmt in READ_WHOLE:
                limits.check_document_size(stream, origin)
            for _ in limits.count_items(parse(stream, origin=origin, **options), origin):
                pass
        except ImportError_ as exc:
            self.fail(origin, str(exc))
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
            batch.append(item)
            if len(batch) >= BATCH_SIZE:
                self.flush(batch)
                batch = []
        self.flush(batch)

    def flush(self, records):
        if not records:
            return
        if self.dry_run:
            results = plan_stories(records, update=self.update)
        else:
            results = save_stories(records, status=self.status, update=self.update, fetcher=self.fetcher)
        for result in results:
            self.record(result)
        if self.progress is not None:
            self.progress.update(len(records))

    def record(self, result: Result):
        record: StoryRecord = result.record
        self.counts[result.outcome] += 1
        if result.outcome in (Outcome.FAILED, Outcome.CONFLICT):
            self.problems.append((result.outcome, record.origin, strip_origin(result.message, record.origin)))
        verb = f"would be {result.outcome}" if self.dry_run else str(result.outcome)
        detail = f" ({result.message})" if result.message and result.outcome != Outcome.FAILED else ""
        if self.dry_run or result.outcome != Outcome.FAILED:
            self.tell(f"{verb}: {record.headline} [{record.origin}]{detail}", always=self.dry_run)
        if record.editor_note:
            self.tell(f"  editor's note on {record.origin}: {record.editor_note}")
        for warning in result.warnings:
            self.tell(f"  warning: {warning}", always=True)

    def notice(self, notice):
        if notice.failed:
            self.fail(notice.origin, strip_origin(notice.message, notice.origin))
        else:
            self.counts[Outcome.SKIPPED] += 1
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
