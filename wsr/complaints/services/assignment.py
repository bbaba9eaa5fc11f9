"""Naming a case's investigators.

On an ordinary case a holder of ASSIGN names them at once. A restricted (GBVH) case exists only for
the people named on it, so naming someone there gives access to the most sensitive files the
platform holds: it takes two people, as identity disclosure does. One staff member holding ASSIGN
proposes the new set; a *second* staff member, allowed to handle GBVH cases and to approve
disclosures (APPROVE_IDENTITY_DISCLOSURE + VIEW_GBVH), approves or refuses it; the proposer can
never decide (the service refuses it and a database constraint backs that up). Taking people off a
restricted case narrows access and needs no second person. Every step is an event; none carries
case content.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.errors import ComplaintErrorCode
from wsr.complaints.events import ComplaintEvent as E
from wsr.complaints.models import Assignment, AssignmentProposal, Complaint, DisclosureStatus
from wsr.complaints.services import common
from wsr.complaints.services.workflow import complaint_edit
from wsr.core import clock
from wsr.core.errors import DomainError, NotFound
from wsr.core.permissions import Actor
from wsr.core.workflow import conditional_update


def _people(actor: Actor, complaint: Complaint, investigators: list[Any]) -> list[Any]:
    """The distinct people to name, for an actor holding ASSIGN in the case's program."""
    if complaint.program_id not in actor.program_ids:
        raise NotFound("complaint")
    # A GBVH case is hidden from whoever is not named on it, but an admin must be able to name people.
    actor.require(C.ASSIGN, complaint.program_id)
    return _allowed(complaint, list({u.pk: u for u in investigators}.values()))


def _allowed(complaint: Complaint, people: list[Any]) -> list[Any]:
    """Refuses a closed case, an empty set, and anyone who may not investigate in the program (or,
    on a restricted case, handle GBVH cases)."""
    from wsr.accounts.selectors import actor_for_user

    if not complaint.is_open:
        raise DomainError(_("This case is not open."), code=ComplaintErrorCode.CASE_NOT_OPEN)
    if not people:
        raise DomainError(_("Choose at least one investigator."), code=ComplaintErrorCode.INVESTIGATOR_REQUIRED)
    for user in people:
        theirs = actor_for_user(user)
        if not theirs.can(C.INVESTIGATE, complaint.program_id):
            raise DomainError(
                _("%(name)s does not investigate in this program.") % {"name": user.username},
                code=ComplaintErrorCode.NOT_INVESTIGATOR,
            )
        if complaint.gbvh and not theirs.can(C.VIEW_GBVH, complaint.program_id):
            raise DomainError(
                _("%(name)s may not handle GBVH cases.") % {"name": user.username}, code=ComplaintErrorCode.NO_GBVH
            )
    return people


def _apply(
    actor: Actor, complaint: Complaint, people: list[Any], *, proposal: AssignmentProposal | None = None
) -> None:
    """Replace the case's investigators with ``people`` and record it (inside the caller's
    transaction). With a proposal, the proposer is who assigned them and ``actor`` approved."""
    now = clock.now()
    assigned_by = proposal.proposed_by if proposal is not None else actor.user

    def replace_investigators(case: Complaint) -> None:
        current = set(case.assignments.values_list("investigator_id", flat=True))
        case.assignments.exclude(investigator_id__in={u.pk for u in people}).delete()
        Assignment.objects.bulk_create(
            [
                Assignment(complaint=case, investigator=u, assigned_by=assigned_by, assigned_at=now)
                for u in people
                if u.pk not in current
            ]
        )

    data: dict[str, Any] = {"investigators": sorted(u.username for u in people)}
    if proposal is not None:
        data |= {"proposal": proposal.public_id, "proposed_by": proposal.proposed_by.username}
    complaint_edit(actor, complaint, E.ASSIGNED, data=data, side_effects=[replace_investigators])


def adds_people(complaint: Complaint, investigators: list[Any]) -> bool:
    current = set(complaint.assignments.values_list("investigator_id", flat=True))
    return any(u.pk not in current for u in investigators)


def complaint_assign(*, actor: Actor, complaint: Complaint, investigators: list[Any]) -> Complaint:
    """Name the case's investigators (replaces the set). Each must investigate in the program. On a
    restricted (GBVH) case only a change that adds nobody is applied here; new people go through
    ``complaint_assignment_propose`` and a second person's approval."""
    people = _people(actor, complaint, investigators)
    if complaint.gbvh and adds_people(complaint, people):
        raise DomainError(
            _("On a restricted case a second staff member must approve new investigators: propose them instead."),
            code=ComplaintErrorCode.SECOND_PERSON_REQUIRED,
        )
    with transaction.atomic():
        _apply(actor, complaint, people)
    return complaint


def complaint_assignment_propose(*, actor: Actor, complaint: Complaint, investigators: list[Any]) -> AssignmentProposal:
    """Propose the investigators of a restricted case; nothing changes until a second person approves."""
    people = _people(actor, complaint, investigators)
    if not complaint.gbvh:
        raise DomainError(
            _("Only restricted cases need a second person: assign directly."), code=ComplaintErrorCode.NOT_RESTRICTED
        )
    if complaint.assignment_proposals.filter(status=DisclosureStatus.PENDING).exists():
        raise DomainError(
            _("A proposal for this case is already waiting for a second person."),
            code=ComplaintErrorCode.ALREADY_PROPOSED,
        )
    user: Any = actor.user
    proposal = AssignmentProposal(complaint=complaint, proposed_by=user, proposed_at=clock.now())

    def store(_case: Complaint) -> None:
        proposal.save()
        proposal.investigators.set(people)

    complaint_edit(
        actor,
        complaint,
        E.ASSIGNMENT_PROPOSED,
        data={"proposal": proposal.public_id, "investigators": sorted(u.username for u in people)},
        side_effects=[store],
    )
    return proposal


def _decide(actor: Actor, proposal: AssignmentProposal, status: str, note: str) -> AssignmentProposal:
    complaint = proposal.complaint
    if complaint.program_id not in actor.program_ids:
        raise NotFound("proposal")
    actor.require(C.APPROVE_IDENTITY_DISCLOSURE, complaint.program_id)
    actor.require(C.VIEW_GBVH, complaint.program_id)
    if actor.user is None or actor.user.pk == proposal.proposed_by_id:
        raise DomainError(
            _("A second person must decide: you cannot decide on your own proposal."), code=ComplaintErrorCode.FOUR_EYES
        )
    if proposal.status != DisclosureStatus.PENDING:
        raise DomainError(_("This proposal was already decided."), code=ComplaintErrorCode.ALREADY_DECIDED)
    approving = status == DisclosureStatus.APPROVED
    people = _allowed(complaint, list(proposal.investigators.all())) if approving else []
    with transaction.atomic():
        conditional_update(
            proposal,
            expect={"status": DisclosureStatus.PENDING},
            changes={"status": status, "decided_by": actor.user, "decided_at": clock.now()},
            what="assignment proposal",
        )
        common.record(
            actor,
            complaint,
            E.ASSIGNMENT_APPROVED if approving else E.ASSIGNMENT_REFUSED,
            reason=(note or "").strip()[:2000],
            data={"proposal": proposal.public_id, "proposed_by": proposal.proposed_by.username},
        )
        if approving:
            _apply(actor, complaint, people, proposal=proposal)
    proposal.refresh_from_db()
    return proposal


def complaint_assignment_approve(*, actor: Actor, proposal: AssignmentProposal, note: str = "") -> AssignmentProposal:
    return _decide(actor, proposal, DisclosureStatus.APPROVED, note)


def complaint_assignment_refuse(*, actor: Actor, proposal: AssignmentProposal, note: str = "") -> AssignmentProposal:
    return _decide(actor, proposal, DisclosureStatus.REFUSED, note)
