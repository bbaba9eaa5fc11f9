"""The accredited auditor roster (worker-driven: the worker organisation approves each auditor) and
the commercial ties between audit firms and brands used by the independence check."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wsr.accounts.models import Membership, Organisation, User
from wsr.accounts.roles import OrgKind, Role
from wsr.audits import transitions
from wsr.audits.capabilities import AuditCapability as AU
from wsr.audits.errors import AuditErrorCode
from wsr.audits.events import AuditEvent
from wsr.audits.models import AuditorRosterEntry, CommercialTie
from wsr.audits.services._common import held, record, when
from wsr.audits.transitions import RosterState
from wsr.core.errors import DomainError
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.programs.models import Program

AUDITOR_ORG_KINDS = (OrgKind.AUDIT_FIRM, OrgKind.MONITORING_BODY)


def roster_propose(
    *,
    actor: Actor,
    program: Program,
    user: User | None = None,
    name: str = "",
    organisation: Organisation | None = None,
    qualifications: str = "",
    at: dt.datetime | None = None,
) -> AuditorRosterEntry:
    """The program admin proposes an auditor: a user holding the auditor role in the program, or a
    named person of an audit firm (who may never sign in)."""
    actor.require(AU.MANAGE_ROSTER, program.pk)
    if user is not None:
        if not Membership.objects.filter(user=user, program=program, role=Role.AUDITOR).exists():
            raise DomainError(
                _("%(name)s does not hold the auditor role in this program.") % {"name": user.username},
                code=AuditErrorCode.NAME_DOES_HOLD_AUDITOR,
            )
        organisation = user.organisation
        name = user.get_full_name() or user.username
    name = name.strip()
    if organisation is None or not name:
        raise DomainError(
            _("Choose an auditor, or give the person's name and their audit firm."),
            code=AuditErrorCode.CHOOSE_AUDITOR_PERSON_NAME,
        )
    if organisation.kind not in AUDITOR_ORG_KINDS:
        raise DomainError(
            _("Auditors belong to an audit firm or to the monitoring body."),
            code=AuditErrorCode.AUDITORS_BELONG_AUDIT_FIRM,
        )
    try:
        with transaction.atomic():
            entry = AuditorRosterEntry.objects.create(
                program=program,
                user=user,
                name=name,
                organisation=organisation,
                qualifications=qualifications.strip(),
                proposed_by=actor.user,
                proposed_at=when(at),
            )
            record(actor, entry, AuditEvent.AUDITOR_PROPOSED, program, at=at, after=RosterState.PROPOSED)
    except IntegrityError as exc:
        raise DomainError(
            _("This auditor is already on the program's roster."), code=AuditErrorCode.AUDITOR_ALREADY_PROGRAM_ROSTER
        ) from exc
    return entry


def roster_decide(
    *, actor: Actor, entry: AuditorRosterEntry, approve: bool, note: str = "", at: dt.datetime | None = None
) -> AuditorRosterEntry:
    """The worker organisation approves or rejects a proposed auditor; the decision is recorded
    with who decided, and an approval is published (firm and entry id only, never the name)."""
    program = entry.program
    target = RosterState.APPROVED if approve else RosterState.REJECTED
    transitions.check_roster_move(entry.state, target, held(actor, program.pk))
    if not approve and not note.strip():
        raise DomainError(_("Say why the auditor is not approved."), code=AuditErrorCode.SAY_WHY_AUDITOR_APPROVED)
    return workflow_step(
        actor=actor,
        obj=entry,
        event=AuditEvent.AUDITOR_APPROVED if approve else AuditEvent.AUDITOR_REJECTED,
        program=program,
        to=target,
        rules=transitions.check_roster_move,
        changes={
            "decided_by": actor.user,
            "decided_by_organisation_id": actor.organisation_id,
            "decided_at": when(at),
            "decision_note": note.strip(),
        },
        reason=note.strip(),
        public=(
            {
                "program": program.public_id,
                "roster_entry": entry.public_id,
                "organisation": entry.organisation.public_id,
                "organisation_name": entry.organisation.name,
                "approved_by_organisation": program.worker_organisation.public_id,
            }
            if approve
            else None
        ),
        public_kind="auditor_rostered",
        occurred_at=at,
    )


def commercial_tie_add(
    *,
    actor: Actor,
    program: Program,
    auditor_organisation: Organisation,
    brand: Organisation,
    since: dt.date,
    until: dt.date | None = None,
    description: str = "",
) -> CommercialTie:
    actor.require(AU.MANAGE_ROSTER, program.pk)
    if auditor_organisation.kind not in AUDITOR_ORG_KINDS:
        raise DomainError(
            _("A commercial tie links an audit firm to a brand."), code=AuditErrorCode.COMMERCIAL_TIE_LINKS_AUDIT
        )
    if brand.kind != OrgKind.BRAND:
        raise DomainError(
            _("A commercial tie links an audit firm to a brand."), code=AuditErrorCode.COMMERCIAL_TIE_LINKS_AUDIT
        )
    if until is not None and until < since:
        raise DomainError(_("A tie cannot end before it starts."), code=AuditErrorCode.TIE_END_STARTS)
    with transaction.atomic():
        tie = CommercialTie.objects.create(
            program=program,
            auditor_organisation=auditor_organisation,
            brand=brand,
            since=since,
            until=until,
            description=description.strip(),
            created_by=actor.user,
        )
        record(
            actor,
            tie,
            AuditEvent.COMMERCIAL_TIE_RECORDED,
            program,
            data={"auditor_organisation": auditor_organisation.public_id, "brand": brand.public_id},
        )
    return tie


def commercial_tie_end(*, actor: Actor, tie: CommercialTie, until: dt.date) -> CommercialTie:
    actor.require(AU.MANAGE_ROSTER, tie.program_id)
    if until < tie.since:
        raise DomainError(_("A tie cannot end before it starts."), code=AuditErrorCode.TIE_END_STARTS)
    return workflow_step(
        actor=actor,
        obj=tie,
        event=AuditEvent.COMMERCIAL_TIE_ENDED,
        program=tie.program,
        changes={"until": until},
        guard={"until__isnull": True},
        event_after=until.isoformat(),
        what="commercial tie",
    )
