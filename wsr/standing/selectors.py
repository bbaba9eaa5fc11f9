"""Reads of the standing domain, scoped to the actor: standing, history, eligibility, notices,
objections, escalations, and the enforcement to-dos of each role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from wsr.accounts.models import Organisation
from wsr.core import clock
from wsr.core.errors import NotFound
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.registry.models import Facility, SourcingRelation
from wsr.standing import transitions as t
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.models import (
    Decision,
    Escalation,
    FacilityStanding,
    Notice,
    Objection,
    StandingChange,
    ZeroToleranceCase,
)
from wsr.standing.transitions import Standing


def history_of(*, program: Program, facility: Facility) -> list[t.Change]:
    rows = StandingChange.objects.filter(program=program, facility=facility).order_by("effective_at", "pk")
    return [t.Change(at=row.effective_at, to=row.after) for row in rows]


def eligibility_on(*, facility: Facility, brand: Organisation, on: dt.date, program: Program | None = None) -> bool:
    """Whether ``brand`` could buy from ``facility`` on ``on`` (any past date): the facility was in
    good standing for the whole day in the program (or, without one, in every program in which the
    brand sources from it). A facility the brand does not source from in any program is not eligible."""
    if program is not None:
        programs = [program]
    else:
        ids = SourcingRelation.objects.filter(brand=brand, facility=facility).values_list("program_id", flat=True)
        programs = list(Program.objects.filter(pk__in=ids))
    if not programs:
        return False
    return all(t.eligible_on(history_of(program=p, facility=facility), on) for p in programs)


@dataclass(frozen=True)
class EligibleItem:
    supplier_public_id: str
    supplier_name: str
    facility_public_id: str
    facility_name: str
    standing: str
    since: dt.datetime


def eligible_suppliers(*, actor: Actor, program: Program) -> list[EligibleItem]:
    """Facilities in good standing in the program, now (for brands' purchasing systems)."""
    if not (actor.can(SC.VIEW_NOTICES, program.pk) or actor.can(SC.VIEW_ALL, program.pk)):
        raise NotFound("program")
    rows = (
        FacilityStanding.objects.filter(program=program, status__in=list(t.ELIGIBLE))
        .select_related("facility", "facility__supplier")
        .order_by("facility__name", "pk")
    )
    return [
        EligibleItem(
            supplier_public_id=row.facility.supplier.public_id if row.facility.supplier else "",
            supplier_name=row.facility.supplier.name if row.facility.supplier else "",
            facility_public_id=row.facility.public_id,
            facility_name=row.facility.name,
            standing=row.status,
            since=row.since,
        )
        for row in rows
    ]


def _program_ids(actor: Actor, *capabilities: str) -> set[int]:
    ids: set[int] = set()
    for capability in capabilities:
        ids |= actor.program_ids_with(capability)
    return ids


def standings_for_actor(*, actor: Actor, program: Program | None = None) -> QuerySet[FacilityStanding]:
    """Staff and the worker organisation see every standing; a supplier its own facilities'; a
    brand those of the facilities it sources from."""
    scope = Q(program_id__in=actor.program_ids_with(SC.VIEW_ALL))
    if actor.organisation_id:
        scope |= Q(program_id__in=actor.program_ids_with(SC.VIEW_OWN), facility__supplier_id=actor.organisation_id)
        sourced = SourcingRelation.objects.filter(brand_id=actor.organisation_id).values("facility_id")
        scope |= Q(program_id__in=actor.program_ids_with(SC.VIEW_NOTICES), facility_id__in=sourced)
    qs = FacilityStanding.objects.filter(scope).select_related("program", "facility", "facility__supplier")
    if program is not None:
        qs = qs.filter(program=program)
    return qs.order_by("facility__name", "pk")


def standing_get_for_actor(*, actor: Actor, program: Program, facility_public_id: str) -> FacilityStanding:
    standing = standings_for_actor(actor=actor, program=program).filter(facility__public_id=facility_public_id).first()
    if standing is None:
        raise NotFound("facility standing")
    return standing


def standing_history(standing: FacilityStanding) -> QuerySet[StandingChange]:
    return (
        StandingChange.objects.filter(standing=standing)
        .select_related("decision", "decision__decided_by")
        .order_by("-effective_at", "-pk")
    )


def decisions_for_actor(*, actor: Actor, program: Program) -> QuerySet[Decision]:
    if not actor.can(SC.VIEW_ALL, program.pk):
        return Decision.objects.none()
    return Decision.objects.filter(program=program).prefetch_related("changes__facility").order_by("-decided_at", "-pk")


def decision_get_for_actor(*, actor: Actor, program: Program, public_id: str) -> Decision:
    decision = decisions_for_actor(actor=actor, program=program).filter(public_id=public_id).first()
    if decision is None:
        raise NotFound("decision")
    return decision


def notices_for_actor(*, actor: Actor, program: Program | None = None) -> QuerySet[Notice]:
    """Staff see every notice; a brand or supplier only those addressed to it."""
    scope = Q(program_id__in=actor.program_ids_with(SC.VIEW_ALL))
    if actor.organisation_id:
        scope |= Q(
            program_id__in=_program_ids(actor, SC.VIEW_NOTICES, SC.VIEW_OWN), organisation_id=actor.organisation_id
        )
    qs = Notice.objects.filter(scope).select_related("program", "facility", "organisation")
    if program is not None:
        qs = qs.filter(program=program)
    return qs.order_by("-created_at", "-pk")


def notice_get_for_actor(*, actor: Actor, public_id: str) -> Notice:
    notice = notices_for_actor(actor=actor).filter(public_id=public_id).first()
    if notice is None:
        raise NotFound("notice")
    return notice


def objections_for_actor(*, actor: Actor, program: Program | None = None) -> QuerySet[Objection]:
    qs = Objection.objects.filter(program_id__in=actor.program_ids_with(SC.VIEW_ALL)).select_related(
        "program", "facility", "decision"
    )
    if program is not None:
        qs = qs.filter(program=program)
    return qs.order_by("answer_due", "pk")


def objection_get_for_actor(*, actor: Actor, public_id: str) -> Objection:
    objection = objections_for_actor(actor=actor).filter(public_id=public_id).first()
    if objection is None:
        raise NotFound("objection")
    return objection


def escalations_for_actor(*, actor: Actor, program: Program | None = None) -> QuerySet[Escalation]:
    scope = Q(program_id__in=actor.program_ids_with(SC.VIEW_ALL))
    if actor.organisation_id:
        scope |= Q(program_id__in=actor.program_ids_with(SC.VIEW_OWN), facility__supplier_id=actor.organisation_id)
    qs = Escalation.objects.filter(scope).select_related("program", "facility")
    if program is not None:
        qs = qs.filter(program=program)
    return qs


def escalation_get_for_actor(*, actor: Actor, public_id: str) -> Escalation:
    escalation = escalations_for_actor(actor=actor).filter(public_id=public_id).first()
    if escalation is None:
        raise NotFound("escalation")
    return escalation


def zero_tolerance_open(*, actor: Actor, program: Program | None = None) -> QuerySet[ZeroToleranceCase]:
    qs = ZeroToleranceCase.objects.filter(
        program_id__in=actor.program_ids_with(SC.DECIDE), status=ZeroToleranceCase.Status.OPEN
    ).select_related("program", "facility")
    if program is not None:
        qs = qs.filter(program=program)
    return qs.order_by("confirmed_at", "pk")


def zero_tolerance_case_get(*, actor: Actor, public_id: str) -> ZeroToleranceCase:
    case = (
        ZeroToleranceCase.objects.filter(program_id__in=actor.program_ids_with(SC.VIEW_ALL), public_id=public_id)
        .select_related("program", "facility")
        .first()
    )
    if case is None:
        raise NotFound("case")
    return case


@dataclass(frozen=True)
class Dashboard:
    suspended: list[FacilityStanding]
    probation: list[FacilityStanding]
    escalations: list[Escalation]
    pending_acknowledgements: list[Notice]
    overdue_responses: list[Notice]
    open_objections: list[Objection]
    open_cases: list[ZeroToleranceCase]


def enforcement_dashboard(*, actor: Actor, program: Program) -> Dashboard:
    if not actor.can(SC.VIEW_ALL, program.pk):
        raise NotFound("program")
    standings = standings_for_actor(actor=actor, program=program)
    notices = notices_for_actor(actor=actor, program=program)
    today = clock.today()
    return Dashboard(
        suspended=list(standings.filter(status=Standing.SUSPENDED)),
        probation=list(standings.filter(status=Standing.PROBATION)),
        escalations=list(
            escalations_for_actor(actor=actor, program=program)
            .filter(status__in=list(t.OPEN_STAGES))
            .order_by("stage_since", "pk")
        ),
        pending_acknowledgements=list(
            notices.filter(addressee=Notice.Addressee.BRAND, acknowledged_at__isnull=True).order_by("created_at", "pk")
        ),
        overdue_responses=list(
            notices.filter(
                addressee=Notice.Addressee.SUPPLIER, responded_at__isnull=True, respond_by__lt=today
            ).order_by("respond_by", "pk")
        ),
        open_objections=list(objections_for_actor(actor=actor, program=program).filter(status=Objection.Status.OPEN)),
        open_cases=list(zero_tolerance_open(actor=actor, program=program)),
    )
