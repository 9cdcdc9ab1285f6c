"""Two-factor backup codes in the admin, for superusers only: who has how many left, and delete
(with the person's TOTP device under *OTP TOTP*) to reset a lost phone. The codes themselves are
never shown here; people manage their own at ``/admin/two-factor/``."""

from django.contrib import admin

from articles.models import BackupCodes


@admin.register(BackupCodes)
class BackupCodesAdmin(admin.ModelAdmin):
    list_display = ("user", "remaining", "generated_at")
    search_fields = ("user__username",)
    fields = ("user", "remaining", "generated_at", "throttling_failure_count")
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
