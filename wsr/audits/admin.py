"""Audits in the admin: read-only. Every change goes through the pages (services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from wsr.audits.models import (
    Audit,
    AuditorRosterEntry,
    AuditTeamMember,
    CapFunding,
    CapItem,
    CommercialTie,
    Evidence,
    Finding,
    IndependenceDecision,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class TeamInline(ReadOnlyInline):
    model = AuditTeamMember


class DecisionInline(ReadOnlyInline):
    model = IndependenceDecision


class FundingInline(ReadOnlyInline):
    model = CapFunding


@admin.register(AuditorRosterEntry)
class RosterAdmin(ReadOnlyAdmin):
    list_display = ("name", "organisation", "program", "state", "decided_at")
    list_filter = ("program", "state")
    search_fields = ("name", "public_id")


@admin.register(CommercialTie)
class CommercialTieAdmin(ReadOnlyAdmin):
    list_display = ("auditor_organisation", "brand", "program", "since", "until")
    list_filter = ("program",)


@admin.register(Audit)
class AuditAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "facility", "program", "kind", "state", "planned_on", "performed_on")
    list_filter = ("program", "state", "kind")
    search_fields = ("public_id", "facility__name")
    inlines = [TeamInline, DecisionInline]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "facility", "program", "provision_ref", "severity", "observed_on")
    list_filter = ("program", "severity", "category", "source")
    search_fields = ("public_id", "facility__name")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "finding", "cap_item", "content_type", "size", "uploaded_at")


@admin.register(CapItem)
class CapItemAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "facility", "program", "category", "state", "due_on", "overdue_since")
    list_filter = ("program", "state", "category")
    search_fields = ("public_id", "facility__name")
    inlines = [FundingInline]
