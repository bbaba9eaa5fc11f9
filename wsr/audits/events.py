"""Event kinds written on audits, the auditor roster, findings and CAP items.
The values are the stored verbs: never rename one."""

from __future__ import annotations

from enum import StrEnum


class AuditEvent(StrEnum):
    AUDIT_PLANNED = "audit_planned"
    AUDITOR_ASSIGNED = "auditor_assigned"
    AUDITOR_REFUSED = "auditor_refused"  # conflict of interest
    AUDIT_STARTED = "audit_started"
    AUDIT_FIELDWORK_RECORDED = "audit_fieldwork_recorded"
    AUDIT_COMPLETED = "audit_completed"
    AUDIT_CANCELLED = "audit_cancelled"
    AUDITOR_PROPOSED = "auditor_proposed"
    AUDITOR_APPROVED = "auditor_approved"
    AUDITOR_REJECTED = "auditor_rejected"
    COMMERCIAL_TIE_RECORDED = "commercial_tie_recorded"
    COMMERCIAL_TIE_ENDED = "commercial_tie_ended"
    FINDING_RECORDED = "finding_recorded"
    FINDING_EVIDENCE_ADDED = "finding_evidence_added"
    CAP_ITEM_DRAFTED = "cap_item_drafted"
    CAP_ITEM_UPDATED = "cap_item_updated"
    CAP_ITEM_AGREED = "cap_item_agreed"
    CAP_ITEM_STARTED = "cap_item_started"
    CAP_ITEM_REPORTED_FIXED = "cap_item_reported_fixed"
    CAP_ITEM_VERIFIED = "cap_item_verified"
    CAP_ITEM_REOPENED = "cap_item_reopened"
    CAP_ITEM_OVERDUE = "cap_item_overdue"
