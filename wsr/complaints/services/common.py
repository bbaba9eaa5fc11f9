"""What every complaint service shares: event kinds, access checks, writing an event. Every change
of a case goes through ``wsr.core.workflow.workflow_step`` (``services/workflow.py``)."""

from __future__ import annotations

from typing import Any

from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.events import ComplaintEvent
from wsr.complaints.models import Complaint
from wsr.complaints.sla import EventKind
from wsr.core.errors import NotFound
from wsr.core.events import event_record
from wsr.core.permissions import Actor

# Event kinds written on a complaint (the enum ``ComplaintEvent``; these names stay for callers
# that import them from here). None of them carries the narrative or identity.
RECEIVED = ComplaintEvent.RECEIVED
ACKNOWLEDGED = ComplaintEvent.ACKNOWLEDGED
TRIAGED_IN_SCOPE = ComplaintEvent.TRIAGED_IN_SCOPE
TRIAGED_OUT_OF_SCOPE = ComplaintEvent.TRIAGED_OUT_OF_SCOPE
FORWARDED = ComplaintEvent.FORWARDED
ASSIGNED = ComplaintEvent.ASSIGNED
ASSIGNMENT_PROPOSED = ComplaintEvent.ASSIGNMENT_PROPOSED
ASSIGNMENT_APPROVED = ComplaintEvent.ASSIGNMENT_APPROVED
ASSIGNMENT_REFUSED = ComplaintEvent.ASSIGNMENT_REFUSED
INVESTIGATION_STARTED = ComplaintEvent.INVESTIGATION_STARTED
FINDING_RECORDED = ComplaintEvent.FINDING_RECORDED
ZERO_TOLERANCE_CONFIRMED = ComplaintEvent.ZERO_TOLERANCE_CONFIRMED
REMEDY_DIRECTED = ComplaintEvent.REMEDY_DIRECTED
REMEDY_VERIFIED = ComplaintEvent.REMEDY_VERIFIED
CLOSED = ComplaintEvent.CLOSED
REOPENED = ComplaintEvent.REOPENED
MESSAGE_SENT = ComplaintEvent.MESSAGE_SENT
MESSAGE_RECEIVED = ComplaintEvent.MESSAGE_RECEIVED
AWAITING_STARTED = ComplaintEvent.AWAITING_STARTED
AWAITING_ENDED = ComplaintEvent.AWAITING_ENDED
NOTE_ADDED = ComplaintEvent.NOTE_ADDED
INTERVIEW_RECORDED = ComplaintEvent.INTERVIEW_RECORDED
EVIDENCE_ADDED = ComplaintEvent.EVIDENCE_ADDED
EVIDENCE_DOWNLOADED = ComplaintEvent.EVIDENCE_DOWNLOADED
SECRET_CHANGED = ComplaintEvent.SECRET_CHANGED
DISCLOSURE_REQUESTED = ComplaintEvent.DISCLOSURE_REQUESTED
DISCLOSURE_APPROVED = ComplaintEvent.DISCLOSURE_APPROVED
DISCLOSURE_REFUSED = ComplaintEvent.DISCLOSURE_REFUSED
IDENTITY_VIEWED = ComplaintEvent.IDENTITY_VIEWED
SLA_WARNING = ComplaintEvent.SLA_WARNING
SLA_BREACHED = ComplaintEvent.SLA_BREACHED

# How the SLA clocks read the event log (wsr.complaints.sla): replayable from events alone.
SLA_KIND_BY_VERB: dict[str, EventKind] = {
    RECEIVED: EventKind.RECEIVED,
    ACKNOWLEDGED: EventKind.ACKNOWLEDGED,
    INVESTIGATION_STARTED: EventKind.INVESTIGATION_STARTED,
    REMEDY_VERIFIED: EventKind.RESOLVED,
    CLOSED: EventKind.CLOSED,
    FORWARDED: EventKind.CLOSED,
    REOPENED: EventKind.REOPENED,
    MESSAGE_SENT: EventKind.COMPLAINANT_UPDATE_SENT,
    AWAITING_STARTED: EventKind.AWAITING_COMPLAINANT_STARTED,
    AWAITING_ENDED: EventKind.AWAITING_COMPLAINANT_ENDED,
}

COMPLAINANT = "complainant"  # the actor label of a worker using the case code


def held(actor: Actor, complaint: Complaint) -> frozenset[str]:
    return frozenset(actor.grants.get(complaint.program_id, frozenset()))


def is_assigned(actor: Actor, complaint: Complaint) -> bool:
    if actor.user is None:
        return False
    return complaint.assignments.filter(investigator=actor.user).exists()


def can_see_case(actor: Actor, complaint: Complaint) -> bool:
    """Case files: VIEW_CASE in the program; a GBVH case only for its named investigators."""
    if not actor.can(C.VIEW_CASE, complaint.program_id):
        return False
    if complaint.gbvh:
        return actor.can(C.VIEW_GBVH, complaint.program_id) and is_assigned(actor, complaint)
    return True


def require_case(actor: Actor, complaint: Complaint, capability: str = "") -> None:
    """404 for a case the actor may not see (a GBVH case does not exist for others), 403 for a
    missing capability."""
    if not can_see_case(actor, complaint):
        if complaint.program_id in actor.program_ids and not complaint.gbvh:
            actor.require(C.VIEW_CASE, complaint.program_id)
        raise NotFound("complaint")
    if capability:
        actor.require(capability, complaint.program_id)


def record(actor: Actor, complaint: Complaint, verb: str, **kwargs: Any) -> None:
    event_record(actor=actor, obj=complaint, verb=verb, program_public_id=complaint.program.public_id, **kwargs)
