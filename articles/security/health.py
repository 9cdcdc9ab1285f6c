"""``/healthz`` for load balancers: the database and the cache answer and no migration is pending.
It names what failed and nothing else (no versions, hosts or settings), and is never cached. A
failing check is logged once a minute, and its 503 is not logged as an error by ``django.request``
(``outage_errors.HideOutageTracebacks``): probes every few seconds would fill the log."""

import logging
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from articles.security.ratelimit import warn_once_per_minute

logger = logging.getLogger(__name__)


def database_ok():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_ok():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    answered = cache.get(key) == "1"
    cache.delete(key)
    return answered


_migrations_applied = []  # once true in this process it stays true: new migrations come with new code


def migrations_ok():
    """No migration of this code waits to be applied. Loading the migration graph costs ~15 ms of
    CPU (the GIL, for every thread of the worker), and load balancers ask every few seconds, so a
    success is remembered for the life of the process; a failure is checked again next time."""
    if _migrations_applied:
        return True
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    if applied:
        _migrations_applied.append(True)
    return applied


CHECKS = {"database": database_ok, "cache": cache_ok, "migrations": migrations_ok}


@never_cache
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "failing"
        except Exception as error:  # any failure of the dependency is the answer, not a 500
            warn_once_per_minute(logger, f"healthz:{name}", "healthz: %s check failed: %s", name,
                                 type(error).__name__)
            results[name] = "failing"
        if name == "database" and results[name] != "ok":
            results["migrations"] = "unknown"
            break
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **results}, status=200 if healthy else 503)
