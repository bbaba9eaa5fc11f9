"""What every complaint service shares: event verbs, access checks, the conditional update."""

from __future__ import annotations

from typing import Any

from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.models import Complaint
from wsr.complaints.sla import EventKind
from wsr.core import clock
from wsr.core.errors import ConcurrentChange, NotFound
from wsr.core.events import event_record
from wsr.core.permissions import Actor

# Event verbs written on a complaint. None of them carries the narrative or identity.
RECEIVED = "complaint_received"
ACKNOWLEDGED = "complaint_acknowledged"
TRIAGED_IN_SCOPE = "complaint_triaged_in_scope"
TRIAGED_OUT_OF_SCOPE = "complaint_triaged_out_of_scope"
FORWARDED = "complaint_forwarded"
ASSIGNED = "complaint_assigned"
ASSIGNMENT_PROPOSED = "complaint_assignment_proposed"  # restricted cases: four eyes
ASSIGNMENT_APPROVED = "complaint_assignment_approved"
ASSIGNMENT_REFUSED = "complaint_assignment_refused"
INVESTIGATION_STARTED = "complaint_investigation_started"
FINDING_RECORDED = "complaint_finding_recorded"
ZERO_TOLERANCE_CONFIRMED = "zero_tolerance_finding_confirmed"
REMEDY_DIRECTED = "complaint_remedy_directed"
REMEDY_VERIFIED = "complaint_remedy_verified"
CLOSED = "complaint_closed"
REOPENED = "complaint_reopened"
MESSAGE_SENT = "complaint_message_sent"  # to the complainant: an interim update
MESSAGE_RECEIVED = "complaint_message_received"  # from the complainant
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


def move(complaint: Complaint, target: str, **changes: Any) -> None:
    """``UPDATE ... WHERE status = <as read>``: refuses if someone moved the case meanwhile."""
    now = clock.now()
    moved = Complaint.objects.filter(pk=complaint.pk, status=complaint.status).update(
        status=target, updated_at=now, **changes
    )
    if moved != 1:
        raise ConcurrentChange("complaint")
    complaint.status = target
    complaint.updated_at = now
    for name, value in changes.items():
        setattr(complaint, name, value)


def touch(complaint: Complaint, **changes: Any) -> None:
    """A conditional update that keeps the status (same guard: status and last change as read)."""
    now = clock.now()
    moved = Complaint.objects.filter(pk=complaint.pk, status=complaint.status, updated_at=complaint.updated_at).update(
        updated_at=now, **changes
    )
    if moved != 1:
        raise ConcurrentChange("complaint")
    complaint.updated_at = now
    for name, value in changes.items():
        setattr(complaint, name, value)


def record(actor: Actor, complaint: Complaint, verb: str, **kwargs: Any) -> None:
    event_record(actor=actor, obj=complaint, verb=verb, program_public_id=complaint.program.public_id, **kwargs)
