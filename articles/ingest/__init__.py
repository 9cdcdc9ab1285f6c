"""Continuous ingest: poll watched folders and HTTP(S) feeds into the Incoming desk.

``poll_source(source)`` polls one :class:`articles.models.IngestSource` once
(what a job queue calls); ``poll_due_sources()`` polls every source that is
due (what ``manage.py ingest`` calls, once or ``--loop``). See README, "Ingest".
"""

from articles.ingest.poll import poll_due_sources, poll_source

__all__ = ["poll_due_sources", "poll_source"]
