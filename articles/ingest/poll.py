"""Polling one ingest source: fetch or list, import, record the poll, schedule the next.

:func:`poll_source` is what ``manage.py ingest`` and a job queue call. It never
raises for a source's own trouble (unreachable, refused, malformed): the
error is recorded on the poll and the source backs off (its interval doubled
for each failure in a row, capped at six hours). A poll first claims its source
(:mod:`articles.ingest.leases`), so two loops or workers never poll one source
at once; the one that loses the claim leaves it alone.
"""

import io
import logging
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from articles.importers.base import Outcome
from articles.safe_http import FetchRefused
from articles.importers.run import Defaults, ImportRun
from articles.ingest import folder as folders
from articles.ingest import leases
from articles.ingest.http import conditional_get
from articles.editorial.incoming import let_source_replace_waiting, scope_source_stories
from articles.importers import BARE_SOURCES
from articles.ingest.stories import record_incoming
from articles.models import IngestPoll, IngestSource, Status

log = logging.getLogger(__name__)


class SourceFailed(Exception):
    """The source could not be polled at all; the message says why."""


def poll_due_sources(now=None):
    """Poll every enabled source that is due and that no other poller holds, once each; return the polls."""
    due = IngestSource.objects.due(now).values_list("pk", flat=True)
    polls = [poll_source_id(pk, due_only=True, now=now) for pk in list(due)]
    return [poll for poll in polls if poll is not None]


def poll_source(source, *, due_only=False, now=None):
    """Poll ``source`` once: its :class:`IngestPoll` (counts, any error; ``poll.source`` is the source as
    the poll left it), or ``None`` when another poller holds the source (or, ``due_only``, it is not due)."""
    return poll_source_id(source.pk, due_only=due_only, now=now)


def poll_source_id(source_id, *, due_only=False, now=None):
    lease = leases.claim(source_id, due_only=due_only, now=now)
    if lease is None:
        return None
    source = IngestSource.objects.select_related("section").get(pk=source_id)  # as the last poll left it
    poll = IngestPoll.objects.create(source=source)
    run = import_run_for(source)
    error = ""
    try:
        if source.kind == IngestSource.Kind.FOLDER:
            poll_folder(source, run, lease)
        else:
            poll_http(source, run, poll)
    except SourceFailed as exc:
        error = str(exc)
    except Exception as exc:  # one broken source must not stop the loop over the others
        log.exception("ingest: polling %s failed", source)
        error = f"unexpected error: {exc.__class__.__name__}: {exc}"
    finish(source, poll, run, error, lease)
    return poll


def import_run_for(source):
    return ImportRun(
        fmt=source.format, update=True, keep_results=True, scope=f"ingest:{source.pk}",
        status=Status.PUBLISHED if source.publishes else Status.DRAFT,
        defaults=Defaults(section=source.section.name if source.section else "", tags=source.tag_list,
                          credit_line=source.credit_line),
    )


def import_document(source, run, origin, stream):
    """Import one file or response in one transaction; ``True`` when the whole document was refused."""
    before, seen = dict(run.counts), len(run.results)
    with transaction.atomic():
        scope_source_stories(source, scope=run.scope, bare_sources=BARE_SOURCES)
        let_source_replace_waiting(source)
        run.import_file(origin, stream)
        record_incoming(source, run.results[seen:])
    delta = {outcome: run.counts[outcome] - before[outcome] for outcome in Outcome}
    return delta[Outcome.FAILED] > 0 and not any(v for k, v in delta.items() if k != Outcome.FAILED)


def poll_folder(source, run, lease):
    try:
        paths = folders.ready_files(source.location)
    except (folders.FolderMissing, OSError) as exc:
        raise SourceFailed(str(exc)) from exc
    for path in paths:
        try:
            claimed = folders.claim(path)
        except FileNotFoundError:
            continue  # another poller took it first
        with claimed.open("rb") as stream:
            refused = import_document(source, run, str(claimed), stream)
        folders.file_away(claimed, failed=refused)
        if not lease.renew():
            break  # this poll outlived its lease and another poller took the source over; it goes on


def poll_http(source, run, poll):
    try:
        fetched = conditional_get(source.location, etag=source.etag, last_modified=source.last_modified)
    except FetchRefused as exc:
        raise SourceFailed(f"{source.location}: {exc}") from exc
    if fetched.not_modified:
        poll.not_modified = True
        return
    address = urlsplit(fetched.url)
    origin = f"{address.scheme}://{address.netloc}{address.path}"  # a Markdown or text file is scoped by it
    if import_document(source, run, origin, io.BytesIO(fetched.body)):
        raise SourceFailed("; ".join(message for _, _, message in run.problems[-1:]))
    source.etag, source.last_modified = fetched.etag[:300], fetched.last_modified[:100]


def finish(source, poll, run, error, lease):
    """Record the poll, schedule the next one and give the lease back (only if it is still ours)."""
    now = timezone.now()
    poll.finished_at, poll.error = now, error
    poll.created, poll.updated = run.counts[Outcome.CREATED], run.counts[Outcome.UPDATED]
    poll.skipped = run.counts[Outcome.SKIPPED] + run.counts[Outcome.CONFLICT]
    poll.failed = run.counts[Outcome.FAILED]
    poll.save()
    source.consecutive_failures = source.consecutive_failures + 1 if error else 0
    source.last_error = error
    source.last_polled_at = now
    source.next_poll_at = now + source.backoff()
    source.leased_until = None
    state = ["etag", "last_modified", "consecutive_failures", "last_error", "last_polled_at", "next_poll_at",
             "leased_until"]
    if not lease.held().update(**{name: getattr(source, name) for name in state}):
        log.warning("ingest: %s was taken over by another poller; this poll's state is not kept", source)
