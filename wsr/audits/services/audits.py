"""Planning and performing audits; assigning rostered auditors after an independence check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wsr.accounts.models import Organisation
from wsr.audits import transitions
from wsr.audits.capabilities import AuditCapability as AU
from wsr.audits.errors import AuditErrorCode
from wsr.audits.events import AuditEvent
from wsr.audits.independence import Conflict, PriorAudit, Tie, independence_conflicts
from wsr.audits.models import (
    Audit,
    AuditKind,
    AuditorRosterEntry,
    AuditTeamMember,
    CommercialTie,
    DocumentKind,
    IndependenceDecision,
)
from wsr.audits.services._common import held, record, when
from wsr.audits.transitions import AuditState
from wsr.core.errors import DomainError
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.programs.models import Program
from wsr.registry.models import Facility, ProgramFacility, SourcingRelation


class AuditorNotIndependent(DomainError):
    """The auditor was refused; ``reasons`` say why (also recorded as an event and a decision row)."""

    def __init__(self, auditor: AuditorRosterEntry, conflicts: list[Conflict]) -> None:
        reasons = "; ".join(c.detail for c in conflicts)
        super().__init__(
            _("%(name)s cannot audit this facility: %(reasons)s.") % {"name": auditor.name, "reasons": reasons},
            code="not_independent",
        )
        self.conflicts = conflicts


def cooling_off_months() -> int:
    return int(getattr(settings, "WSR_AUDIT_COOLING_OFF_MONTHS", 12))


def audit_public(audit: Audit) -> dict[str, Any]:
    """The public facts of a completed audit: no names, notes or internal text."""
    norm = transitions.interview_norm_met(
        audit.workers_interviewed, audit.workforce_on_day, audit.program.interview_norm_percent
    )
    return {
        "program": audit.program.public_id,
        "audit": audit.public_id,
        "facility": audit.facility.public_id,
        "kind": audit.kind,
        "announced": audit.announced,
        "performed_on": audit.performed_on.isoformat() if audit.performed_on else None,
        "ended_on": audit.ended_on.isoformat() if audit.ended_on else None,
        "workforce_on_day": audit.workforce_on_day,
        "workers_interviewed": audit.workers_interviewed,
        "interview_norm_percent": audit.program.interview_norm_percent,
        "interview_norm_met": norm,
    }


def _require_covered(program: Program, facility: Facility) -> None:
    if not ProgramFacility.objects.filter(program=program, facility=facility).exists():
        raise DomainError(
            _("This facility is not covered by the program."), code=AuditErrorCode.FACILITY_COVERED_PROGRAM
        )


def audit_plan(
    *,
    actor: Actor,
    program: Program,
    facility: Facility,
    kind: str,
    planned_on: dt.date,
    announced: bool = False,
    commissioned_by: Organisation | None = None,
    at: dt.datetime | None = None,
) -> Audit:
    actor.require(AU.PLAN, program.pk)
    _require_covered(program, facility)
    if kind not in AuditKind.values:
        raise DomainError(_("Choose the kind of audit."), code=AuditErrorCode.CHOOSE_KIND_AUDIT)
    if (
        commissioned_by is not None
        and not commissioned_by.participations.filter(program=program, kind="brand").exists()
    ):
        raise DomainError(
            _("An audit can be commissioned only by a brand of the program."),
            code=AuditErrorCode.AUDIT_COMMISSIONED_BRAND_PROGRAM,
        )
    with transaction.atomic():
        audit = Audit.objects.create(
            program=program,
            facility=facility,
            kind=kind,
            planned_on=planned_on,
            announced=announced,
            commissioned_by=commissioned_by,
            created_by=actor.user,
            created_at=when(at),
            updated_at=when(at),
        )
        record(
            actor,
            audit,
            AuditEvent.AUDIT_PLANNED,
            program,
            at=at,
            after=AuditState.PLANNED,
            data={"facility": facility.public_id, "kind": kind, "announced": announced},
        )
    return audit


def _conflicts(audit: Audit, auditor: AuditorRosterEntry, on: dt.date) -> list[Conflict]:
    sourcing = set(
        SourcingRelation.objects.filter(program=audit.program, facility=audit.facility)
        .filter(Q(until__isnull=True) | Q(until__gte=transitions.months_before(on, cooling_off_months())))
        .values_list("brand_id", flat=True)
    )
    ties = [
        Tie(t.brand_id, t.brand.name, t.since, t.until)
        for t in CommercialTie.objects.filter(auditor_organisation=auditor.organisation).select_related("brand")
    ]
    same_person = Q(team__auditor=auditor)
    if auditor.user_id:
        same_person |= Q(team__auditor__user_id=auditor.user_id)
    prior = [
        PriorAudit(a.public_id, a.commissioned_by_id, a.commissioned_by.name, a.audit_date)  # type: ignore[arg-type,union-attr]
        for a in Audit.objects.filter(same_person, facility=audit.facility, commissioned_by__isnull=False)
        .exclude(pk=audit.pk)
        .exclude(state=AuditState.CANCELLED)
        .select_related("commissioned_by")
        .distinct()
    ]
    return independence_conflicts(
        audit_on=on,
        sourcing_brand_ids=sourcing,
        ties=ties,
        prior_audits=prior,
        cooling_off_months=cooling_off_months(),
    )


def _decide(actor: Actor, audit: Audit, auditor: AuditorRosterEntry, on: dt.date, at: dt.datetime | None) -> None:
    """Check independence and record the decision in its own transaction, so a refusal is kept
    even though the assignment is refused."""
    conflicts = _conflicts(audit, auditor, on)
    with transaction.atomic():
        decision = IndependenceDecision.objects.create(
            audit=audit,
            auditor=auditor,
            allowed=not conflicts,
            reasons=[{"code": c.code, "brand_id": c.brand_id, "detail": c.detail} for c in conflicts],
            checked_on=on,
            decided_by=actor.user,
            decided_at=when(at),
        )
        if conflicts:
            record(
                actor,
                audit,
                AuditEvent.AUDITOR_REFUSED,
                audit.program,
                at=at,
                reason="; ".join(c.detail for c in conflicts),
                data={"roster_entry": auditor.public_id, "decision": decision.public_id},
            )
    if conflicts:
        raise AuditorNotIndependent(auditor, conflicts)


def audit_auditor_assign(
    *,
    actor: Actor,
    audit: Audit,
    auditor: AuditorRosterEntry,
    lead: bool = False,
    at: dt.datetime | None = None,
) -> AuditTeamMember:
    """Put a rostered, approved auditor on the team of a planned audit, if independent."""
    actor.require(AU.PLAN, audit.program_id)
    if audit.state not in transitions.AUDIT_TEAM_EDITABLE:
        raise DomainError(
            _("The team can change only while the audit is planned."), code=AuditErrorCode.TEAM_CHANGE_AUDIT_PLANNED
        )
    if auditor.program_id != audit.program_id or not auditor.is_approved:
        raise DomainError(
            _("Only auditors on the program's roster, approved by the worker organisation, can be assigned."),
            code=AuditErrorCode.AUDITORS_PROGRAM_ROSTER_APPROVED,
        )
    if audit.team.filter(auditor=auditor).exists():
        raise DomainError(_("This auditor is already on the team."), code=AuditErrorCode.AUDITOR_ALREADY_TEAM)
    _decide(actor, audit, auditor, audit.planned_on, at)
    with transaction.atomic():
        if lead:
            audit.team.update(lead=False)
        member = AuditTeamMember.objects.create(audit=audit, auditor=auditor, lead=lead, assigned_at=when(at))
        record(
            actor,
            audit,
            AuditEvent.AUDITOR_ASSIGNED,
            audit.program,
            at=at,
            data={"roster_entry": auditor.public_id, "lead": lead},
        )
    return member


def _require_on_team(actor: Actor, audit: Audit) -> None:
    if actor.user is None or not audit.team.filter(auditor__user_id=actor.user.pk).exists():
        raise DomainError(
            _("Only an auditor on this audit's team can record its fieldwork."),
            code=AuditErrorCode.AUDITOR_AUDIT_TEAM_RECORD,
        )


def audit_start(*, actor: Actor, audit: Audit, performed_on: dt.date, at: dt.datetime | None = None) -> Audit:
    """The fieldwork begins. Every team member's independence is checked again on the real date."""
    transitions.check_audit_move(audit.state, AuditState.IN_PROGRESS, held(actor, audit.program_id))
    _require_on_team(actor, audit)
    for member in audit.team.select_related("auditor", "auditor__organisation"):
        _decide(actor, audit, member.auditor, performed_on, at)
    return workflow_step(
        actor=actor,
        obj=audit,
        event=AuditEvent.AUDIT_STARTED,
        program=audit.program,
        to=AuditState.IN_PROGRESS,
        rules=transitions.check_audit_move,
        changes={"performed_on": performed_on},
        occurred_at=at,
    )


def audit_fieldwork_record(
    *,
    actor: Actor,
    audit: Audit,
    workforce_on_day: int | None,
    workers_interviewed: int | None,
    managers_interviewed: int | None,
    documents_reviewed: list[str],
    ended_on: dt.date | None = None,
    notes: str = "",
    at: dt.datetime | None = None,
) -> Audit:
    actor.require(AU.PERFORM, audit.program_id)
    _require_on_team(actor, audit)
    if audit.state not in transitions.AUDIT_FIELDWORK_EDITABLE:
        raise DomainError(
            _("Record the fieldwork once the audit has started."), code=AuditErrorCode.RECORD_FIELDWORK_AUDIT_STARTED
        )
    for value in (workforce_on_day, workers_interviewed, managers_interviewed):
        if value is not None and value < 0:
            raise DomainError(_("Counts cannot be negative."), code=AuditErrorCode.COUNTS_NEGATIVE)
    if workforce_on_day is not None and workers_interviewed is not None and workers_interviewed > workforce_on_day:
        raise DomainError(
            _("More workers interviewed than the workforce on the day."),
            code=AuditErrorCode.WORKERS_INTERVIEWED_WORKFORCE_DAY,
        )
    unknown = set(documents_reviewed) - set(DocumentKind.values)
    if unknown:
        raise DomainError(
            _("Unknown kind of document: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))},
            code=AuditErrorCode.UNKNOWN_KIND_DOCUMENT_KINDS,
        )
    if ended_on is not None and audit.performed_on and ended_on < audit.performed_on:
        raise DomainError(_("The fieldwork cannot end before it started."), code=AuditErrorCode.FIELDWORK_END_STARTED)
    changes: dict[str, Any] = {
        "workforce_on_day": workforce_on_day,
        "workers_interviewed": workers_interviewed,
        "managers_interviewed": managers_interviewed,
        "documents_reviewed": sorted(set(documents_reviewed)),
        "ended_on": ended_on,
        "notes": notes.strip(),
    }
    return workflow_step(
        actor=actor,
        obj=audit,
        event=AuditEvent.AUDIT_FIELDWORK_RECORDED,
        program=audit.program,
        changes=changes,
        data={
            "workforce_on_day": workforce_on_day,
            "workers_interviewed": workers_interviewed,
            "managers_interviewed": managers_interviewed,
            "documents_reviewed": changes["documents_reviewed"],
        },
        occurred_at=at,
    )


def audit_complete(*, actor: Actor, audit: Audit, at: dt.datetime | None = None) -> Audit:
    transitions.check_audit_move(audit.state, AuditState.COMPLETED, held(actor, audit.program_id))
    _require_on_team(actor, audit)
    if audit.workforce_on_day is None or audit.workers_interviewed is None:
        raise DomainError(
            _("Record the workforce on the day and the workers interviewed before completing."),
            code=AuditErrorCode.RECORD_WORKFORCE_DAY_WORKERS,
        )
    return workflow_step(
        actor=actor,
        obj=audit,
        event=AuditEvent.AUDIT_COMPLETED,
        program=audit.program,
        to=AuditState.COMPLETED,
        rules=transitions.check_audit_move,
        changes={"ended_on": audit.ended_on or audit.performed_on},
        public=audit_public,
        occurred_at=at,
    )


def audit_cancel(*, actor: Actor, audit: Audit, reason: str, at: dt.datetime | None = None) -> Audit:
    transitions.check_audit_move(audit.state, AuditState.CANCELLED, held(actor, audit.program_id))
    if not reason.strip():
        raise DomainError(_("Say why the audit is cancelled."), code=AuditErrorCode.SAY_WHY_AUDIT_CANCELLED)
    return workflow_step(
        actor=actor,
        obj=audit,
        event=AuditEvent.AUDIT_CANCELLED,
        program=audit.program,
        to=AuditState.CANCELLED,
        rules=transitions.check_audit_move,
        changes={"cancel_reason": reason.strip()},
        reason=reason,
        occurred_at=at,
    )
