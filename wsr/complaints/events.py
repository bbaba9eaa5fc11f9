"""Event kinds written on complaints (the values are the verbs of ``services/common.py``, which
stay the stored strings). None of them carries the narrative or the complainant's identity."""

from __future__ import annotations

from enum import StrEnum


class ComplaintEvent(StrEnum):
    RECEIVED = "complaint_received"
    ACKNOWLEDGED = "complaint_acknowledged"
    TRIAGED_IN_SCOPE = "complaint_triaged_in_scope"
    TRIAGED_OUT_OF_SCOPE = "complaint_triaged_out_of_scope"
    FORWARDED = "complaint_forwarded"
    ASSIGNED = "complaint_assigned"
    ASSIGNMENT_PROPOSED = "complaint_assignment_proposed"
    ASSIGNMENT_APPROVED = "complaint_assignment_approved"
    ASSIGNMENT_REFUSED = "complaint_assignment_refused"
    INVESTIGATION_STARTED = "complaint_investigation_started"
    FINDING_RECORDED = "complaint_finding_recorded"
    ZERO_TOLERANCE_CONFIRMED = "zero_tolerance_finding_confirmed"
    REMEDY_DIRECTED = "complaint_remedy_directed"
    REMEDY_VERIFIED = "complaint_remedy_verified"
    CLOSED = "complaint_closed"
    REOPENED = "complaint_reopened"
    MESSAGE_SENT = "complaint_message_sent"
    MESSAGE_RECEIVED = "complaint_message_received"
    AWAITING_STARTED = "complaint_awaiting_complainant_started"
    AWAITING_ENDED = "complaint_awaiting_complainant_ended"
    NOTE_ADDED = "complaint_note_added"
    INTERVIEW_RECORDED = "complaint_interview_recorded"
    EVIDENCE_ADDED = "complaint_evidence_added"
    EVIDENCE_DOWNLOADED = "complaint_evidence_downloaded"
    SECRET_CHANGED = "complaint_secret_changed"  # noqa: S105 (an event verb)
    DISCLOSURE_REQUESTED = "complaint_identity_disclosure_requested"
    DISCLOSURE_APPROVED = "complaint_identity_disclosure_approved"
    DISCLOSURE_REFUSED = "complaint_identity_disclosure_refused"
    IDENTITY_VIEWED = "complaint_identity_viewed"
    SLA_WARNING = "sla_warning"
    SLA_BREACHED = "sla_breached"
