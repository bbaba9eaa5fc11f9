"""Writes to complaints, one function per step (re-exported here; the contract with the worker
channels is docs/complaints-contract.md)."""

from wsr.complaints.services.assignment import (
    complaint_assign,
    complaint_assignment_approve,
    complaint_assignment_propose,
    complaint_assignment_refuse,
)
from wsr.complaints.services.disclosure import (
    IdentityView,
    complaint_disclosure_approve,
    complaint_disclosure_refuse,
    complaint_disclosure_request,
    complaint_identity_reveal,
    identity_disclosed_to,
)
from wsr.complaints.services.evidence import EvidenceFile, complaint_evidence_add, complaint_evidence_read
from wsr.complaints.services.follow_up import (
    CaseAccessRefused,
    CaseStatusView,
    MessageView,
    complaint_message_post,
    complaint_secret_change,
    complaint_status_view,
)
from wsr.complaints.services.intake import IntakeReceipt, complaint_intake
from wsr.complaints.services.records import complaint_interview_record, complaint_note_add
from wsr.complaints.services.sla_sweep import SweepResult, complaint_sla_sweep
from wsr.complaints.services.sms import SmsResult, complaint_sms_receive
from wsr.complaints.services.workflow import (
    complaint_acknowledge,
    complaint_awaiting_end,
    complaint_awaiting_start,
    complaint_close,
    complaint_finding_record,
    complaint_forward,
    complaint_investigation_start,
    complaint_message_send,
    complaint_remedy_direct,
    complaint_remedy_verify,
    complaint_reopen,
    complaint_triage_in_scope,
    complaint_triage_out_of_scope,
)

__all__ = [
    "CaseAccessRefused",
    "CaseStatusView",
    "EvidenceFile",
    "IdentityView",
    "IntakeReceipt",
    "MessageView",
    "SmsResult",
    "SweepResult",
    "complaint_acknowledge",
    "complaint_assign",
    "complaint_assignment_approve",
    "complaint_assignment_propose",
    "complaint_assignment_refuse",
    "complaint_awaiting_end",
    "complaint_awaiting_start",
    "complaint_close",
    "complaint_disclosure_approve",
    "complaint_disclosure_refuse",
    "complaint_disclosure_request",
    "complaint_evidence_add",
    "complaint_evidence_read",
    "complaint_finding_record",
    "complaint_forward",
    "complaint_identity_reveal",
    "complaint_intake",
    "complaint_interview_record",
    "complaint_investigation_start",
    "complaint_message_post",
    "complaint_message_send",
    "complaint_note_add",
    "complaint_remedy_direct",
    "complaint_remedy_verify",
    "complaint_reopen",
    "complaint_secret_change",
    "complaint_sla_sweep",
    "complaint_sms_receive",
    "complaint_status_view",
    "complaint_triage_in_scope",
    "complaint_triage_out_of_scope",
    "identity_disclosed_to",
]
