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
from wsr.complaints.models import Assignment, AssignmentProposal, Complaint, DisclosureStatus
from wsr.complaints.services import common
from wsr.core import clock
from wsr.core.errors import ConcurrentChange, DomainError, NotFound
from wsr.core.permissions import Actor


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
        raise DomainError(_("This case is not open."), code="case_not_open")
    if not people:
        raise DomainError(_("Choose at least one investigator."), code="investigator_required")
    for user in people:
        theirs = actor_for_user(user)
        if not theirs.can(C.INVESTIGATE, complaint.program_id):
            raise DomainError(_("%(name)s does not investigate in this program.") % {"name": user.username})
        if complaint.gbvh and not theirs.can(C.VIEW_GBVH, complaint.program_id):
            raise DomainError(_("%(name)s may not handle GBVH cases.") % {"name": user.username})
    return people


def _apply(
    actor: Actor, complaint: Complaint, people: list[Any], *, proposal: AssignmentProposal | None = None
) -> None:
    """Replace the case's investigators with ``people`` and record it (inside the caller's
    transaction). With a proposal, the proposer is who assigned them and ``actor`` approved."""
    now = clock.now()
    assigned_by = proposal.proposed_by if proposal is not None else actor.user
    common.touch(complaint)
    current = set(complaint.assignments.values_list("investigator_id", flat=True))
    wanted = {u.pk for u in people}
    complaint.assignments.exclude(investigator_id__in=wanted).delete()
    Assignment.objects.bulk_create(
        [
            Assignment(complaint=complaint, investigator=u, assigned_by=assigned_by, assigned_at=now)
            for u in people
            if u.pk not in current
        ]
    )
    data: dict[str, Any] = {"investigators": sorted(u.username for u in people)}
    if proposal is not None:
        data |= {"proposal": proposal.public_id, "proposed_by": proposal.proposed_by.username}
    common.record(actor, complaint, common.ASSIGNED, data=data)


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
            code="second_person_required",
        )
    with transaction.atomic():
        _apply(actor, complaint, people)
    return complaint


def complaint_assignment_propose(*, actor: Actor, complaint: Complaint, investigators: list[Any]) -> AssignmentProposal:
    """Propose the investigators of a restricted case; nothing changes until a second person approves."""
    people = _people(actor, complaint, investigators)
    if not complaint.gbvh:
        raise DomainError(_("Only restricted cases need a second person: assign directly."), code="not_restricted")
    if complaint.assignment_proposals.filter(status=DisclosureStatus.PENDING).exists():
        raise DomainError(
            _("A proposal for this case is already waiting for a second person."), code="already_proposed"
        )
    user: Any = actor.user
    with transaction.atomic():
        common.touch(complaint)
        proposal = AssignmentProposal.objects.create(complaint=complaint, proposed_by=user, proposed_at=clock.now())
        proposal.investigators.set(people)
        common.record(
            actor,
            complaint,
            common.ASSIGNMENT_PROPOSED,
            data={"proposal": proposal.public_id, "investigators": sorted(u.username for u in people)},
        )
    return proposal


def _decide(actor: Actor, proposal: AssignmentProposal, status: str, note: str) -> AssignmentProposal:
    complaint = proposal.complaint
    if complaint.program_id not in actor.program_ids:
        raise NotFound("proposal")
    actor.require(C.APPROVE_IDENTITY_DISCLOSURE, complaint.program_id)
    actor.require(C.VIEW_GBVH, complaint.program_id)
    if actor.user is None or actor.user.pk == proposal.proposed_by_id:
        raise DomainError(_("A second person must decide: you cannot decide on your own proposal."), code="four_eyes")
    if proposal.status != DisclosureStatus.PENDING:
        raise DomainError(_("This proposal was already decided."), code="already_decided")
    approving = status == DisclosureStatus.APPROVED
    people = _allowed(complaint, list(proposal.investigators.all())) if approving else []
    with transaction.atomic():
        moved = AssignmentProposal.objects.filter(pk=proposal.pk, status=DisclosureStatus.PENDING).update(
            status=status, decided_by=actor.user, decided_at=clock.now()
        )
        if moved != 1:
            raise ConcurrentChange("assignment proposal")
        common.record(
            actor,
            complaint,
            common.ASSIGNMENT_APPROVED if approving else common.ASSIGNMENT_REFUSED,
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
