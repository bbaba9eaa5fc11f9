from django.contrib import admin

from wsr.core.admin import ReadOnlyAdmin
from wsr.registry.models import (
    Facility,
    ImportJob,
    ImportRow,
    Participation,
    ProgramFacility,
    SourcingRelation,
)


@admin.register(Facility)
class FacilityAdmin(ReadOnlyAdmin):
    """Facilities change on the registry pages (facility_update writes the event): read-only here."""

    list_display = ("name", "country", "worker_count", "supplier", "public_id")
    list_filter = ("country",)
    search_fields = ("name", "name_local", "address", "public_id")
    readonly_fields = ("public_id", "match_key", "created_at", "updated_at")


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "program", "kind", "since", "until")
    list_filter = ("program", "kind")


@admin.register(ProgramFacility)
class ProgramFacilityAdmin(ReadOnlyAdmin):
    list_display = ("facility", "program", "since", "until")
    list_filter = ("program",)


@admin.register(SourcingRelation)
class SourcingAdmin(ReadOnlyAdmin):
    list_display = ("brand", "facility", "program", "since", "until")
    list_filter = ("program",)


class ImportRowInline(admin.TabularInline):
    model = ImportRow
    extra = 0
    can_delete = False
    readonly_fields = (
        "line",
        "data",
        "outcome",
        "reason",
        "facility",
        "candidate",
        "score",
        "resolution",
        "resolved_by",
        "resolved_at",
    )

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = (
        "filename",
        "program",
        "status",
        "created_count",
        "matched_count",
        "review_count",
        "rejected_count",
        "created_at",
    )
    list_filter = ("program", "status")
    # Workflow fields are read-only: imports change only through the import services.
    readonly_fields = [f.name for f in ImportJob._meta.fields]
    inlines = [ImportRowInline]
