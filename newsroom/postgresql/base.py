"""Django's PostgreSQL backend, with a cheaper health check of a reused connection.

With ``CONN_HEALTH_CHECKS`` on, Django checks a persistent connection at its first use in each request
by sending ``SELECT 1``: a round trip to the database on every page, a tenth of an uncached story
page's time in a profile, and 27 µs of PostgreSQL's CPU (``bench/RESULTS.md``). A connection the server
or the network closed while it sat idle (a restart, a failover, ``idle_session_timeout``, a pooler's
client timeout) has something waiting on its socket: the server's termination notice, the end of the
stream or an error. So when the socket has nothing to read and the connection is idle outside a
transaction, it is as usable as ``SELECT 1`` would find it, and the check is a ``poll`` of the socket.
Anything else (input waiting, a hang-up, a transaction left open) falls back to Django's own
``SELECT 1``, which also reads what was waiting. A connection that dies after the check fails its query as
before; a reader's GET is then tried again on a new connection (``articles.security.outage``).
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq

Database = base.Database


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (self.connection is not None and self.health_check_enabled and not self.health_check_done
                and not self.pool and self.idle_and_silent()):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def idle_and_silent(self):
        """True when the connection is open, outside a transaction, and nothing has arrived on its socket."""
        connection = self.connection
        if connection.closed or connection.info.transaction_status != pq.TransactionStatus.IDLE:
            return False
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
            return not poller.poll(0)
        except (OSError, ValueError, Database.Error):
            return False
