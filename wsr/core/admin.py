from django.contrib import admin

from wsr.core.models import Event, TransparencyEntry, TransparencyHead


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
