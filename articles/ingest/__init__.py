"""Continuous ingest: poll watched folders and HTTP(S) feeds into the Incoming desk.

``poll_source(source)`` polls one :class:`articles.models.IngestSource` once
(the admin's "Poll now" job, ``ingest --source``), or returns ``None`` when
another poll holds the source (:mod:`articles.ingest.leases`);
``poll_due_sources()`` polls every source that is due (what ``manage.py
ingest`` calls, once or ``--loop``). See README, "Ingest".
"""

from articles.ingest.poll import poll_due_sources, poll_source

__all__ = ["poll_due_sources", "poll_source"]
