"""Reads about programs, scoped to the actor."""

from __future__ import annotations

from django.db.models import QuerySet

from wsr.core.errors import CapabilityMissing, NotFound
from wsr.core.permissions import Actor
from wsr.programs.models import Program


def programs_public() -> QuerySet[Program]:
    """Every program: its name, sector, countries and rules are public facts."""
    return Program.objects.select_related("worker_organisation", "monitoring_body").order_by("name")


def programs_for_actor(actor: Actor) -> QuerySet[Program]:
    return programs_public().filter(pk__in=actor.program_ids)


def program_get_for_actor(*, actor: Actor, slug: str, capability: str) -> Program:
    """The program if the actor holds ``capability`` in it; 404 if the actor has no role there,
    ``CapabilityMissing`` (403) if they have a role but not this capability. Platform superusers
    get no implicit program rights: they work through memberships like everyone else."""
    program = Program.objects.filter(slug=slug).select_related("worker_organisation", "monitoring_body").first()
    if program is None:
        raise NotFound("program")
    if program.pk not in actor.program_ids:
        raise NotFound("program")
    if not actor.can(capability, program.pk):
        raise CapabilityMissing(capability)
    return program


def program_get_public(*, slug: str) -> Program:
    program = programs_public().filter(slug=slug).first()
    if program is None:
        raise NotFound("program")
    return program


def program_overview(program: Program) -> dict[str, object]:
    """What a program's staff page shows: parties, participants, counts, rules."""
    from wsr.core.models import TransparencyHead
    from wsr.registry.models import Participation, ProgramFacility

    participants = Participation.objects.filter(program=program).select_related("organisation")
    return {
        "program": program,
        "brands": [p for p in participants if p.kind == "brand"],
        "suppliers": [p for p in participants if p.kind == "supplier"],
        "facility_count": ProgramFacility.objects.filter(program=program, until__isnull=True).count(),
        "seasons": list(program.seasons.all()),
        "rules": program.rules(),
        "log_head": TransparencyHead.objects.filter(stream=program.log_stream).first(),
    }


def program_history(program: Program) -> QuerySet:
    """The program's events, an import counted once (see ``wsr.programs.history``)."""
    from wsr.programs.history import program_history as history

    return history(program)
