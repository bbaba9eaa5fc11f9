"""Reads from the registry, always scoped to the actor (program, organisation, object)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wsr.accounts.models import Organisation
from wsr.core.errors import NotFound
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.registry.capabilities import RegistryCapability as R
from wsr.registry.models import Facility, Participation, SourcingRelation


def facility_scope_q(actor: Actor, program: Program | None = None) -> Q | None:
    """The Q selecting the facilities this actor may see, or None if none at all."""
    clauses = Q(pk__in=[])
    any_grant = False
    for pid in actor.program_ids_with(R.VIEW_ALL):
        if program is None or program.pk == pid:
            clauses |= Q(program_links__program_id=pid)
            any_grant = True
    if actor.organisation_id:
        for pid in actor.program_ids_with(R.VIEW_SOURCED):
            if program is None or program.pk == pid:
                clauses |= Q(sourcing__program_id=pid, sourcing__brand_id=actor.organisation_id)
                any_grant = True
        for pid in actor.program_ids_with(R.VIEW_OWN):
            if program is None or program.pk == pid:
                clauses |= Q(program_links__program_id=pid, supplier_id=actor.organisation_id)
                any_grant = True
    return clauses if any_grant else None


def facilities_for_actor(
    *, actor: Actor, program: Program | None = None, query: str = "", country: str = ""
) -> QuerySet[Facility]:
    scope = facility_scope_q(actor, program)
    if scope is None:
        return Facility.objects.none()
    ids = Facility.objects.filter(scope).values("pk")
    qs = Facility.objects.filter(pk__in=ids).select_related("supplier")
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(name_local__icontains=query) | Q(address__icontains=query) | Q(public_id=query)
        )
    if country:
        qs = qs.filter(country=country.upper())
    return qs.order_by("name", "pk")


def facility_get_for_actor(*, actor: Actor, public_id: str) -> Facility:
    facility = facilities_for_actor(actor=actor).filter(public_id=public_id).first()
    if facility is None:
        raise NotFound("facility")
    return facility


def facility_programs(facility: Facility) -> QuerySet:
    return facility.program_links.select_related("program").order_by("program__name")


def facility_buyers_for_actor(*, actor: Actor, facility: Facility) -> QuerySet[SourcingRelation]:
    """Which brands buy from the facility: all of them for program staff, only itself for a brand."""
    qs = SourcingRelation.objects.filter(facility=facility).select_related("brand", "program")
    staff_programs = actor.program_ids_with(R.VIEW_ALL)
    if actor.organisation_kind == "brand":
        return qs.filter(brand_id=actor.organisation_id)
    return qs.filter(program_id__in=staff_programs)


def organisations_for_actor(*, actor: Actor, kind: str = "") -> QuerySet[Organisation]:
    programs = actor.program_ids_with(R.VIEW_ALL)
    qs = Organisation.objects.filter(
        Q(participations__program_id__in=programs)
        | Q(driven_programs__in=programs)
        | Q(monitored_programs__in=programs)
        | Q(pk=actor.organisation_id or 0)
    ).distinct()
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def organisation_get_for_actor(*, actor: Actor, public_id: str) -> Organisation:
    org = organisations_for_actor(actor=actor).filter(public_id=public_id).first()
    if org is None:
        raise NotFound("organisation")
    return org


def organisation_participations(org: Organisation, program_ids: set[int]) -> QuerySet[Participation]:
    return org.participations.filter(program_id__in=program_ids).select_related("program")


def brands_in_program(program: Program) -> QuerySet[Organisation]:
    return Organisation.objects.filter(participations__program=program, participations__kind="brand").order_by("name")


def suppliers_in_program(program: Program) -> QuerySet[Organisation]:
    return Organisation.objects.filter(participations__program=program, participations__kind="supplier").order_by(
        "name"
    )
