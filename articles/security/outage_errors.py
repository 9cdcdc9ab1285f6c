"""Which database errors mean "the database is not answering now" (see ``outage.py``), and the
logging filter that keeps them from printing a traceback per request. Imports nothing but Django's
database exceptions, so the logging configuration can load it before the apps are ready.

Counted as an outage: ``InterfaceError`` (a closed connection), PostgreSQL SQLSTATE classes 08
(connection), 57P (shut down, starting up), 53 (too many connections) and 40 (deadlock,
serialisation: the transaction was rolled back), a driver error without a SQLSTATE (how a refused
or reset connection arrives) and SQLite's "database is locked". Anything else (a missing table, a
bad query) stays a 500: a bug should not hide behind "try again".
"""

import logging

from django.db import InterfaceError, OperationalError

TRANSIENT_SQLSTATE_PREFIXES = ("08", "57P", "53", "40")


def is_outage(error):
    """Whether ``error`` means "the database is not answering now", not "this query is wrong"."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(TRANSIENT_SQLSTATE_PREFIXES)
    if type(cause).__module__.startswith("psycopg"):
        return True  # connection refused, reset or closed: the driver gives no SQLSTATE
    return "database is locked" in str(error)


class HideOutageTracebacks(logging.Filter):
    """A ``django.request`` filter: no traceback or "Service Unavailable" line per request for a
    database outage (the middleware logs one warning a minute instead), nor for ``/healthz``
    answering 503."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and is_outage(error):
            return False
        request = getattr(record, "request", None)
        if getattr(getattr(request, "resolver_match", None), "url_name", None) == "healthz":
            return False  # its 503 is the answer a load balancer asked for; health.py logs the cause
        return getattr(request, "database_outage", None) is None
