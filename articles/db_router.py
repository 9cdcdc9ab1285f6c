"""An optional read replica: anonymous readers' queries go to it, everything else to the primary.

With ``DATABASE_REPLICA_URL`` set, ``settings.DATABASES["replica"]`` exists and this router is
installed. Reads inside :func:`replica_reads` (entered by ``PageCacheMiddleware`` for anonymous
GET/HEAD requests without a session cookie) use the replica; editors (who carry a session cookie),
every write, every POST and anything outside a request use the primary, so editors always read
their own writes. For ``READER_REPLICA_LAG_SECONDS`` after a change readers can see, readers use the
primary too, so a page rendered from a replica that has not caught up is never cached.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_use_replica = ContextVar("reader_replica", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    token = _use_replica.set(replica_configured())
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReaderReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _use_replica.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: same rows, same ids

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
