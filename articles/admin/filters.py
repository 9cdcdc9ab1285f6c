"""List filters for the story list: workflow state (with scheduled and pending edits), the budget's due dates,
and the people filters, whose choices come from the people tables (a few rows), never from scanning every
story as ``RelatedOnlyFieldListFilter`` does (a full scan at 100,000 stories)."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

from articles import editorial
from articles.models import Author, Status
from articles.roles import newsroom_staff, person_label


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


class StaffBylineFilter(admin.RelatedFieldListFilter):
    """Bylines of newsroom staff (authors linked to a user account), plus the one chosen; imported
    bylines are found with the search box."""

    def field_choices(self, field, request, model_admin):
        chosen = [int(value) for value in self.lookup_val or [] if str(value).isdigit()]
        authors = Author.objects.filter(Q(user__isnull=False) | Q(pk__in=chosen)).order_by("name")
        return [(author.pk, author.name) for author in authors]


class StaffFilter(admin.RelatedFieldListFilter):
    """Newsroom staff (the people a story can be assigned to, who act on stories)."""

    def field_choices(self, field, request, model_admin):
        return [(user.pk, person_label(user)) for user in newsroom_staff().order_by("first_name", "username")]
