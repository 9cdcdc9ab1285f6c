"""List filters for the story list: workflow state (with scheduled and pending edits) and the budget's due dates."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone

from articles import workflow
from articles.models import Status


class StateFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        hidden = {Status.PUBLISHED} if workflow.may_see_killed(request.user) else {Status.PUBLISHED, Status.KILLED}
        return [
            *[(value, label) for value, label in Status.choices if value not in hidden],
            ("live", "Published (live)"),
            ("scheduled", "Scheduled"),
            ("pending", "Published, with a pending edit"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "live":
            return queryset.published()
        if value == "scheduled":
            return queryset.scheduled()
        if value == "pending":
            return queryset.filter(revisions__pending=True, status=Status.PUBLISHED)
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset


class DueFilter(admin.SimpleListFilter):
    title = "deadline"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"), ("today", "Due today"), ("week", "Due in the next 7 days"), ("none", "No deadline"),
        ]

    def queryset(self, request, queryset):
        now = timezone.localtime()
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        unfinished = queryset.exclude(status__in=[Status.PUBLISHED, Status.KILLED])
        if self.value() == "overdue":
            return unfinished.filter(deadline__lt=now)
        if self.value() == "today":
            return queryset.filter(deadline__gte=start, deadline__lt=start + timedelta(days=1))
        if self.value() == "week":
            return queryset.filter(deadline__gte=now, deadline__lt=now + timedelta(days=7))
        if self.value() == "none":
            return queryset.filter(deadline__isnull=True)
        return queryset
