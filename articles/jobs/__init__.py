"""The job queue: work that must not hold up a request runs in a worker process.

RQ on the Redis we already run (``RQ_QUEUES`` in settings), one queue named
``default``, worked by ``manage.py rqworker default --with-scheduler`` (the
scheduler runs jobs queued for later, e.g. webhook retries). Jobs are plain
functions in :mod:`articles.jobs.tasks` and :mod:`articles.webhooks.delivery`
called with ids, never model instances, so a job reads the database as it is
when it runs.

:func:`enqueue` hands a job to the queue only once the current transaction
commits: a rolled-back step queues nothing and a worker never sees a row that
is not there yet. A job queued while no worker runs waits in Redis until one
starts. With ``JOBS_RUN_INLINE`` (the default when no Redis is configured, and
in tests) the job runs in this process right after the commit instead.

A job due *later* (:func:`enqueue_in`) goes to RQ's scheduler; without Redis, or
when Redis cannot be reached, it is kept in the database and run by
``manage.py run_due_jobs`` (:mod:`articles.jobs.later`): never dropped.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction

from articles.security.ratelimit import Breaker, warn_once_per_minute

logger = logging.getLogger(__name__)
# After the queue fails, jobs run in this process for a few seconds without trying Redis again (one
# warning a minute, no traceback per job).
QUEUE_BREAKER = Breaker(seconds=5)

QUEUE_NAME = "default"
# A job that raises is tried again after these many seconds, then kept in the failed-jobs list.
RETRY_INTERVALS = [30, 300, 1800]


def get_queue():
    """The ``default`` queue on ``RQ_QUEUES["default"]["URL"]``, read now (tests point it elsewhere)."""
    from redis import Redis
    from rq import Queue

    config = settings.RQ_QUEUES[QUEUE_NAME]
    # Short socket timeouts: with Redis unreachable a save waits a second, not the kernel's minutes.
    connection = Redis.from_url(config["URL"], socket_connect_timeout=1, socket_timeout=5)
    return Queue(QUEUE_NAME, connection=connection, default_timeout=config.get("DEFAULT_TIMEOUT"))


def enqueue(func, *args, **kwargs):
    """Run ``func(*args, **kwargs)`` on the queue once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: submit(func, args, kwargs))


def enqueue_in(delay, func, *args, **kwargs):
    """Run ``func`` ``delay`` (a timedelta or seconds) from now: on the queue once the current transaction
    commits, or, without Redis, kept in the database as part of the current transaction."""
    delay = delay if isinstance(delay, timedelta) else timedelta(seconds=delay)
    if settings.JOBS_RUN_INLINE:
        keep_for_later(func, args, kwargs, delay)
        return
    transaction.on_commit(lambda: submit(func, args, kwargs, delay=delay))


def submit(func, args, kwargs, *, delay=None):
    """Put one job on the queue now; returns the RQ job, or ``None`` when it ran inline or was kept for later."""
    from redis.exceptions import RedisError
    from rq import Retry

    if delay and not isinstance(delay, timedelta):
        delay = timedelta(seconds=delay)
    if settings.JOBS_RUN_INLINE:
        return keep_for_later(func, args, kwargs, delay) if delay else run_inline(func, args, kwargs)
    retry = Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS)
    if not QUEUE_BREAKER.is_open():
        try:
            queue = get_queue()
            if delay:
                return queue.enqueue_in(delay, func, args=args, kwargs=kwargs, retry=retry)
            return queue.enqueue(func, args=args, kwargs=kwargs, retry=retry)
        except RedisError as error:
            QUEUE_BREAKER.trip()
            warn_once_per_minute(logger, "job-queue-unreachable", "The job queue is unreachable (%s: %s); delayed "
                                 "jobs are kept in the database, others run in this process", type(error).__name__, error)
    return keep_for_later(func, args, kwargs, delay) if delay else run_inline(func, args, kwargs)


def keep_for_later(func, args, kwargs, delay):
    """A delayed job the queue cannot keep: into the database, for ``run_due_jobs``. Returns ``None``."""
    from articles.jobs.later import keep

    keep(name_of(func), args, kwargs, delay=delay)
    return None


def run_inline(func, args, kwargs):
    """Development without Redis: run the job here; a failure is logged, never raised into the request."""
    try:
        func(*args, **kwargs)
    except Exception:
        logger.exception("Job %s failed", name_of(func))


def name_of(func):
    return f"{func.__module__}.{func.__qualname__}"
