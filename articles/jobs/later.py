"""Jobs due later when Redis cannot keep them: rows in the database (``DelayedJob``), run by
``manage.py run_due_jobs`` (``make run`` starts it with ``--loop``; in production, next to the worker).

Without Redis (``JOBS_RUN_INLINE``) a delayed job (a webhook retry after its back-off, a scheduled
story's announcement) is written in the caller's transaction, so it exists exactly when the change
that asked for it committed. With Redis, RQ's scheduler keeps delayed jobs; only one that could not be
handed to Redis (unreachable) lands here. Either way nothing is dropped.

Running a job first *claims* it, moving its time a lease ahead and counting the attempt in one guarded
UPDATE: two runners never run one job at once, and a runner that dies mid-job leaves it to run again
when the lease ends (at least once: the jobs check their own state, e.g. a delivered webhook is not
sent again). A job that ran is deleted; one that raised is tried again after the queue's retry
intervals (``articles.jobs.RETRY_INTERVALS``), then kept as failed (the failed-jobs page lists it).
"""

import logging
from datetime import timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from articles.models import DelayedJob

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # longer than any job takes; then a claimed job that never finished runs again
BATCH = 100


def keep(function_name, args, kwargs, *, delay):
    """Store a call of ``function_name`` due ``delay`` (a timedelta) from now. Arguments must be JSON
    (ids, strings, numbers): a job reads the database when it runs."""
    return DelayedJob.objects.create(function=function_name, args=list(args), kwargs=dict(kwargs),
                                     run_at=timezone.now() + delay)


def due_ids(now):
    return list(DelayedJob.objects.filter(run_at__lte=now).order_by("run_at", "pk").values_list("pk", flat=True)[:BATCH])


def claim(job_id, now):
    """The job, if this runner got it (nobody else claimed it since it fell due); else None."""
    claimed = DelayedJob.objects.filter(pk=job_id, run_at__lte=now).update(run_at=now + LEASE,
                                                                          attempts=F("attempts") + 1)
    return DelayedJob.objects.filter(pk=job_id).first() if claimed else None


def run_due():
    """Run every job due now, oldest first; returns ``(ran, failed)`` counts."""
    from articles.jobs import RETRY_INTERVALS

    ran = failed = 0
    now = timezone.now()
    for job_id in due_ids(now):
        job = claim(job_id, now)
        if job is None:
            continue
        try:
            import_string(job.function)(*job.args, **job.kwargs)
        except Exception as error:
            failed += 1
            logger.exception("Delayed job %s failed (attempt %s)", job.function, job.attempts)
            retry_or_give_up(job, error, RETRY_INTERVALS)
        else:
            ran += 1
            job.delete()
    return ran, failed


def retry_or_give_up(job, error, intervals):
    now = timezone.now()
    job.last_error = f"{type(error).__name__}: {error}"[:2000]
    if job.attempts <= len(intervals):
        job.run_at = now + timedelta(seconds=intervals[job.attempts - 1])
    else:
        job.run_at, job.failed_at = None, now
    job.save(update_fields=["run_at", "failed_at", "last_error"])


def retry_failed(job_ids):
    """Put failed jobs back, due now, with their attempts counted afresh; returns how many."""
    return DelayedJob.objects.filter(pk__in=job_ids, failed_at__isnull=False).update(
        run_at=timezone.now(), failed_at=None, attempts=0)
