"""List filters for the story list: workflow state (with scheduled and pending edits) and the budget's due dates."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone

from articles import editorial
from articles.models import Status


class StateFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        hidden = {Status.PUBLISHED} if editorial.may_see_killed(request.user) else {Status.PUBLISHED, Status.KILLED}
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
        now = timezone.now()
        if self.value() == "overdue":
            return queryset.overdue(now)
        if self.value() == "today":
            return queryset.due_today(now)
        if self.value() == "week":
            return queryset.filter(deadline__gte=now, deadline__lt=now + timedelta(days=7))
        if self.value() == "none":
            return queryset.filter(deadline__isnull=True)
        return queryset
