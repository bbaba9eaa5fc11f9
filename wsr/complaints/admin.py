"""Read-only admin: complaints are changed only through the services. Ciphertext columns are not
shown (they mean nothing without the case key) and identities never appear here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wsr.complaints.models import Assignment, Complaint, DisclosureRequest, SlaEscalation, SmsInbound


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "complaint"
    fields = ("investigator", "assigned_by", "assigned_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnly):
    list_display = ("public_id", "program", "status", "category", "channel", "language", "priority", "received_at")
    list_filter = ("program", "status", "category", "channel", "gbvh")
    search_fields = ("public_id",)
    fields = (
        "public_id",
        "program",
        "facility",
        "category",
        "channel",
        "language",
        "anonymous",
        "status",
        "priority",
        "severe",
        "imminent_danger",
        "gbvh",
        "received_at",
        "acknowledged_at",
        "resolved_at",
        "closed_at",
        "tier",
        "code_version",
        "finding_outcome",
        "remedy_due",
        "forwarded_to",
        "reopened_count",
    )
    readonly_fields = fields
    inlines = [AssignmentInline]


@admin.register(DisclosureRequest)
class DisclosureRequestAdmin(ReadOnly):
    list_display = ("public_id", "complaint", "requested_by", "status", "decided_by", "requested_at", "expires_at")
    list_filter = ("status",)
    fields = ("public_id", "complaint", "requested_by", "reason", "status", "decided_by", "decided_at", "expires_at")
    readonly_fields = fields


@admin.register(SmsInbound)
class SmsInboundAdmin(ReadOnly):
    list_display = ("gateway", "message_id", "complaint", "created_case", "received_at")


@admin.register(SlaEscalation)
class SlaEscalationAdmin(ReadOnly):
    list_display = ("complaint", "clock", "deadline", "recorded_at", "notified")
