"""The dead-letter view: jobs that failed every retry, for superusers, each with a "Retry" button.

At ``/admin/jobs/failed/``. A retried job goes back on the queue as it was. Delayed jobs kept in the
database (``articles.jobs.later``, no Redis) that failed every retry are listed too, and a retried one
is due again at once.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from redis.exceptions import RedisError
from rq.job import Job
from rq.registry import FailedJobRegistry

from articles.jobs import get_queue
from articles.jobs.later import retry_failed
from articles.models import DelayedJob

SHOWN = 200


def failed_job_rows(registry, queue):
    ids = registry.get_job_ids(0, SHOWN - 1)
    rows = []
    for job_id, job in zip(ids, Job.fetch_many(ids, connection=queue.connection)):
        if job is None:
            continue
        error = (job.latest_result().exc_string if job.latest_result() else "") or ""
        rows.append({"id": job_id, "function": job.func_name, "args": job.get_call_string(),
                     "enqueued_at": job.enqueued_at, "ended_at": job.ended_at,
                     "error": error.strip().splitlines()[-1] if error.strip() else ""})
    return rows


def failed_jobs_view(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    context = {**admin.site.each_context(request), "title": "Failed jobs", "rows": [], "unreachable": False,
               "kept": list(DelayedJob.objects.filter(failed_at__isnull=False).order_by("-failed_at")[:SHOWN])}
    if request.method == "POST" and request.POST.getlist("kept"):
        retried = retry_failed([pk for pk in request.POST.getlist("kept") if pk.isdigit()])
        messages.success(request, f"{retried} delayed job(s) due again now.")
        return redirect("failed_jobs")
    try:
        queue = get_queue()
        registry = FailedJobRegistry(queue=queue)
        if request.method == "POST":
            wanted = request.POST.getlist("job") if "retry_all" not in request.POST else registry.get_job_ids()
            retried = 0
            for job_id in wanted:
                if job_id in registry:
                    registry.requeue(job_id)
                    retried += 1
            messages.success(request, f"{retried} job(s) queued again.")
            return redirect("failed_jobs")
        context["rows"] = failed_job_rows(registry, queue)
        context["total"] = registry.count
    except RedisError:
        context["unreachable"] = True
    return TemplateResponse(request, "admin/jobs/failed.html", context)


failed_jobs = admin.site.admin_view(failed_jobs_view)
