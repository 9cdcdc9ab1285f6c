"""The newsroom's memory of a story: audit entries and revisions, one at a time or for a batch."""

from articles.editorial.copy_rows import insert_rows
from articles.editorial.snapshots import take_snapshot
from articles.models import AuditEntry, Revision


def record(article, *, user, action, from_status="", note=""):
    return AuditEntry.objects.create(
        article=article, user=user, action=action, from_status=from_status, to_status=article.status, note=note
    )


def record_revision(*, article, user, transition="", note="", snapshot=None, pending=False):
    """Store the story as it is now (or ``snapshot``) as a new revision."""
    return Revision.objects.create(
        article=article, user=user, version=article.version, transition=transition, note=note,
        status=article.status, snapshot=snapshot if snapshot is not None else take_snapshot(article),
        pending=pending, live=article.is_live and not pending,
    )


def record_many(entries, *, user, action):
    """An audit entry and a revision for each ``(article, snapshot, note)`` of a batch, in two statements.

    ``snapshot`` may be a function that returns it: it is then called as its revision is written
    (see ``copy_rows.insert_rows``: PostgreSQL stores the first revisions while the next are made).
    """
    insert_rows(AuditEntry, (
        AuditEntry(article=article, user=user, action=action, to_status=article.status, note=note)
        for article, _, note in entries
    ), ids=False)
    insert_rows(Revision, (
        Revision(article=article, user=user, version=article.version, transition=action, note=note,
                 status=article.status, snapshot=snapshot() if callable(snapshot) else snapshot, live=article.is_live)
        for article, snapshot, note in entries
    ), ids=False)
