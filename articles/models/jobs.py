"""Jobs due later, kept in the database when there is no Redis to keep them (see ``articles.jobs.later``)."""

from django.db import models


class DelayedJob(models.Model):
    """One call of a job function (``module.name`` with JSON arguments), due at ``run_at``.

    Run by ``manage.py run_due_jobs``; deleted once it ran. A job that raised is tried again after the
    queue's retry intervals and then kept with ``failed_at`` set (the failed-jobs page lists it).
    """

    function = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    run_at = models.DateTimeField(db_index=True, null=True, help_text="Empty once the job has failed for good.")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run_at", "pk"]

    def __str__(self):
        return f"{self.function} at {self.run_at}"
