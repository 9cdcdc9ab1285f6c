"""A poll's claim on its source, so two pollers (loops, job workers, an editor's "Poll now") never poll one source at once.

:func:`claim` takes the lease with one conditional ``UPDATE`` (no lease, or an
expired one; and, for the scheduled polls, the source still due), which is
atomic on PostgreSQL (the second writer waits for the first's row lock, then
re-checks the condition and finds it false) and on SQLite (one writer at a
time). Whoever's ``UPDATE`` changed the row polls; the other leaves the source
alone. A poller that dies holds the source only until ``leased_until``
(``INGEST_LEASE_SECONDS`` after its claim or its last renewal); a long folder
poll renews after each file. The lease's own expiry time is its token: only its
holder can renew or release it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from articles.models import IngestSource


@dataclass
class Lease:
    """A poll's hold on one source until ``until``; :meth:`renew` moves ``until`` on while it is still held."""

    source_id: int
    until: datetime

    def held(self):
        """This lease's source, as a queryset of one row only while the lease is still this one."""
        return IngestSource.objects.filter(pk=self.source_id, leased_until=self.until)

    def renew(self):
        """Push the lease's end further out; ``False`` when it was lost (it lapsed and another poll took it)."""
        until = max(timezone.now() + lease_length(), self.until + timedelta(microseconds=1))
        if self.held().update(leased_until=until) != 1:
            return False
        self.until = until
        return True


def lease_length():
    return timedelta(seconds=settings.INGEST_LEASE_SECONDS)


def claim(source_id, *, due_only, now=None):
    """Take the source's lease; return the :class:`Lease`, or ``None`` when another poll holds it
    (or, with ``due_only``, when the source is not due any more, e.g. another loop just polled it)."""
    now = now or timezone.now()
    free = IngestSource.objects.filter(pk=source_id).filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
    if due_only:
        free = free.filter(enabled=True).filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
    until = now + lease_length()
    return Lease(source_id, until) if free.update(leased_until=until) == 1 else None
