"""Writes to audits, findings and corrective action plans: one function per step, split by subtopic."""

from wsr.audits.services.audits import (
    AuditorNotIndependent,
    audit_auditor_assign,
    audit_cancel,
    audit_complete,
    audit_fieldwork_record,
    audit_plan,
    audit_public,
    audit_start,
)
from wsr.audits.services.cap import (
    FundingLine,
    cap_item_agree,
    cap_item_draft,
    cap_item_public,
    cap_item_reopen,
    cap_item_report_fixed,
    cap_item_start,
    cap_item_update,
    cap_item_verify,
    cap_overdue_sweep,
)
from wsr.audits.services.findings import finding_evidence_add, finding_public, finding_record, sniff
from wsr.audits.services.roster import commercial_tie_add, commercial_tie_end, roster_decide, roster_propose

__all__ = [
    "AuditorNotIndependent",
    "FundingLine",
    "audit_auditor_assign",
    "audit_cancel",
    "audit_complete",
    "audit_fieldwork_record",
    "audit_plan",
    "audit_public",
    "audit_start",
    "cap_item_agree",
    "cap_item_draft",
    "cap_item_public",
    "cap_item_reopen",
    "cap_item_report_fixed",
    "cap_item_start",
    "cap_item_update",
    "cap_item_verify",
    "cap_overdue_sweep",
    "commercial_tie_add",
    "commercial_tie_end",
    "finding_evidence_add",
    "finding_public",
    "finding_record",
    "roster_decide",
    "roster_propose",
    "sniff",
]
