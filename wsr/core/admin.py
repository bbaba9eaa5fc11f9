from django.contrib import admin

from wsr.core.models import (
    Event,
    OutboxAttempt,
    OutboxMessage,
    PeriodicSlot,
    TaskRun,
    TransparencyEntry,
    TransparencyHead,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """The event and transparency logs are append-only: nobody edits them, not even here."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "actor_label", "verb", "object_type", "object_public_id", "before", "after")
    list_filter = ("verb", "object_type")
    search_fields = ("object_public_id", "program_public_id", "actor_label")


@admin.register(TransparencyEntry)
class TransparencyEntryAdmin(ReadOnlyAdmin):
    list_display = ("stream", "seq", "kind", "recorded_at", "entry_hash")
    list_filter = ("stream", "kind")


@admin.register(TransparencyHead)
class TransparencyHeadAdmin(ReadOnlyAdmin):
    list_display = ("stream", "seq", "head_hash")


class OutboxAttemptInline(admin.TabularInline):
    model = OutboxAttempt
    fields = ("attempted_at", "outcome", "error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """Every notice and its delivery record; failed ones (gave up) are filtered here."""

    list_display = ("created_at", "kind", "channel", "recipient", "status", "attempts", "next_attempt_at", "last_error")
    list_filter = ("status", "channel", "kind")
    search_fields = ("recipient", "dedupe_key", "program_public_id")
    inlines = [OutboxAttemptInline]


@admin.register(TaskRun)
class TaskRunAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "task_path", "state", "attempts", "worker_id", "finished_at", "error")
    list_filter = ("state", "task_path")


@admin.register(PeriodicSlot)
class PeriodicSlotAdmin(ReadOnlyAdmin):
    list_display = ("slot_start", "name", "enqueued_at")
    list_filter = ("name",)
