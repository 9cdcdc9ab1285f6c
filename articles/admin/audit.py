"""The audit log, read-only: who did what to which story, for Editors and Publishers."""

from django.contrib import admin

from articles import editorial
from articles.admin.filters import StaffFilter
from articles.models import AuditEntry, Status


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "article", "actor", "action", "from_status", "to_status", "note"]
    # The log grows by a row per story an import writes: no filter or date drill-down scans it all.
    list_filter = ["action", "to_status", "created_at", ("user", StaffFilter)]
    search_fields = ["article__headline", "note", "user__username"]
    list_select_related = ["article", "user"]
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not editorial.may_see_killed(request.user):
            queryset = queryset.exclude(article__status=Status.KILLED)
        return queryset

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
