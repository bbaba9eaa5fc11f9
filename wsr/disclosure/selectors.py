"""Public reads. Only public facts: names, places, participation, rules. Never personal data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from wsr.accounts.models import Organisation
from wsr.programs.models import Program
from wsr.programs.selectors import programs_public


@dataclass(frozen=True)
class PublicProgram:
    program: Program
    brand_count: int
    supplier_count: int
    facility_count: int


def public_programs() -> list[PublicProgram]:
    qs = programs_public().annotate(
        brands=Count(
            "participations", filter=Q(participations__kind="brand", participations__until__isnull=True), distinct=True
        ),
        suppliers=Count(
            "participations",
            filter=Q(participations__kind="supplier", participations__until__isnull=True),
            distinct=True,
        ),
        facilities=Count("program_facilities", filter=Q(program_facilities__until__isnull=True), distinct=True),
    )
    return [PublicProgram(p, p.brands, p.suppliers, p.facilities) for p in qs]  # type: ignore[attr-defined]


def public_brands(program: Program) -> list[tuple[Organisation, object]]:
    rows = program.participations.filter(kind="brand").select_related("organisation").order_by("organisation__name")
    return [(r.organisation, r.since) for r in rows]
