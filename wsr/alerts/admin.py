from django.contrib import admin

from wsr.alerts.models import DangerAlert, NotificationPreference, OnCall


@admin.register(DangerAlert)
class DangerAlertAdmin(admin.ModelAdmin):
    list_display = ("public_id", "program", "source", "hazard", "status", "raised_at", "rounds", "acknowledged_at")
    list_filter = ("program", "status", "source")
    readonly_fields = [f.name for f in DangerAlert._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(OnCall)
class OnCallAdmin(admin.ModelAdmin):
    list_display = ("program", "user", "active", "phone", "updated_at")
    list_filter = ("program", "active")
    readonly_fields = [f.name for f in OnCall._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "mode", "last_digest_on", "updated_at")
    readonly_fields = ("user", "mode", "seen", "last_digest_on", "updated_at")
