"""Public reads for the facility, brand and complaint-log pages. Only public facts: names, places,
standing and its history, audit dates, CAP progress, the public summaries of findings, public
log entries; never a person's name, a complaint's narrative or identity, internal finding text or
private commercial terms."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q

from wsr.accounts.models import Organisation
from wsr.audits.models import AUDIT_STATE_LABELS, Audit, AuditKind
from wsr.audits.selectors import PublicProgramRemediation, facility_remediation_public
from wsr.audits.transitions import AuditState
from wsr.core.errors import NotFound
from wsr.core.models import TransparencyEntry
from wsr.core.money import exponent
from wsr.disclosure.log_kinds import kind_label
from wsr.disclosure.search import FacilityCard, cards_for
from wsr.programs.models import Program
from wsr.registry.models import Facility, Participation, ProgramFacility, SourcingRelation
from wsr.standing.models import GROUNDS_LABELS, STAGE_LABELS, STANDING_LABELS, StandingChange
from wsr.standing.transitions import Grounds, Stage, Standing

# --- facility ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogLink:
    seq: int
    kind: str
    label: str
    at: dt.datetime
    summary: str


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    label: str
    grounds: str
    log_seq: int | None


@dataclass(frozen=True)
class AuditRow:
    kind: str
    state: str
    planned_on: dt.date
    performed_on: dt.date | None
    ended_on: dt.date | None


@dataclass
class FacilityInProgram:
    program: Program
    history: list[HistoryRow] = field(default_factory=list)
    audits: list[AuditRow] = field(default_factory=list)
    enforcement: list[LogLink] = field(default_factory=list)
    remediation: PublicProgramRemediation | None = None
    buyers: list[Organisation] = field(default_factory=list)


@dataclass(frozen=True)
class PublicFacility:
    card: FacilityCard
    programs: list[FacilityInProgram]

    @property
    def facility(self) -> Facility:
        return self.card.facility


def _summary(payload: dict[str, Any]) -> str:
    """A public entry's facts in words (standing, stage, grounds): never free text."""
    parts = []
    if payload.get("standing") in Standing.__members__.values():
        parts.append(str(STANDING_LABELS[Standing(payload["standing"])]))
    if payload.get("stage") in Stage.__members__.values():
        parts.append(str(STAGE_LABELS[Stage(payload["stage"])]))
    if payload.get("grounds") in Grounds.__members__.values():
        parts.append(str(GROUNDS_LABELS[Grounds(payload["grounds"])]))
    return " · ".join(parts)


ENFORCEMENT_KINDS = ("standing_", "escalation_", "zero_tolerance_", "enforcement_")


def facility_log_links(program: Program, facility: Facility) -> list[LogLink]:
    """The program's public log entries about the facility's standing and its enforcement (standing
    changes, escalation stages, zero-tolerance outcomes, notices, objections), oldest first."""
    kinds = Q()
    for prefix in ENFORCEMENT_KINDS:
        kinds |= Q(kind__startswith=prefix)
    rows = TransparencyEntry.objects.filter(
        kinds, stream=program.log_stream, payload__facility=facility.public_id
    ).order_by("seq")
    return [
        LogLink(e.seq, e.kind, kind_label(e.kind), e.recorded_at, _summary(e.payload))
        for e in rows.only("seq", "kind", "recorded_at", "payload")
    ]


def facility_public(public_id: str) -> PublicFacility:
    facility = (
        Facility.objects.filter(public_id=public_id, program_links__until__isnull=True).distinct().first()
        if public_id
        else None
    )
    if facility is None:
        raise NotFound("facility")
    card = cards_for([facility])[0]
    _, remediations = facility_remediation_public(public_id)
    by_program = {r.program.pk: r for r in remediations}
    programs = []
    for standing in card.standings:
        program = standing.program
        links = facility_log_links(program, facility)
        by_decision = {
            str(e.payload.get("decision")): e.seq
            for e in TransparencyEntry.objects.filter(
                stream=program.log_stream, payload__facility=facility.public_id, kind="standing_changed"
            ).only("seq", "payload")
        }
        history = [
            HistoryRow(c.effective_at, c.after_label, c.decision.grounds_label, by_decision.get(c.decision.public_id))
            for c in StandingChange.objects.filter(program=program, facility=facility)
            .select_related("decision")
            .order_by("-effective_at", "-pk")
        ]
        audits = [
            AuditRow(
                str(dict(AuditKind.choices).get(a.kind, a.kind)),
                str(AUDIT_STATE_LABELS[AuditState(a.state)]),
                a.planned_on,
                a.performed_on,
                a.ended_on,
            )
            for a in Audit.objects.filter(program=program, facility=facility)
            .exclude(state=AuditState.CANCELLED)
            .only("kind", "state", "planned_on", "performed_on", "ended_on")
            .order_by("-planned_on", "-pk")
        ]
        buyers = brands_sourcing_from(program, facility)
        programs.append(FacilityInProgram(program, history, audits, links, by_program.get(program.pk), buyers))
    return PublicFacility(card, programs)


# --- brand ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeasonPremium:
    season: str
    paid_minor: int
    currency: str

    @property
    def paid(self) -> str:
        places = exponent(self.currency)
        return f"{Decimal(self.paid_minor).scaleb(-places):,.{places}f}"


@dataclass(frozen=True)
class PublicBrandPage:
    program: Program
    brand: Organisation
    since: dt.date
    until: dt.date | None
    agreements: list[Any]
    sourcing_published: bool
    facilities: list[FacilityCard]
    premium: list[SeasonPremium] | None


def sourcing_published(program: Program) -> bool:
    """Whether the program publishes which facilities each brand sources from (the default: yes,
    as the Accord and the Fair Food Program do); ``WSR_UNPUBLISHED_SOURCING`` lists program slugs
    that do not."""
    return program.slug not in getattr(settings, "WSR_UNPUBLISHED_SOURCING", ())


def premium_totals_function() -> Any:
    """``wsr.ledger.selectors.premium_totals`` once the ledger provides it, else None."""
    try:
        module = importlib.import_module("wsr.ledger.selectors")
    except ImportError:
        return None
    return getattr(module, "premium_totals", None)


def season_premiums(program: Program, brand: Organisation) -> list[SeasonPremium] | None:
    totals = premium_totals_function()
    if totals is None:
        return None
    rows = []
    for season in program.seasons.all().order_by("-starts_on"):
        result = totals(program=program, start=season.starts_on, end=season.ends_on, brand=brand)
        rows.append(SeasonPremium(season.name, int(result.paid_minor), str(result.currency)))
    return rows


def brand_public(program: Program, public_id: str) -> PublicBrandPage:
    from wsr.disclosure.selectors import public_signatories

    participation = (
        Participation.objects.filter(program=program, kind="brand", organisation__public_id=public_id)
        .select_related("organisation")
        .first()
    )
    if participation is None:
        raise NotFound("brand")
    brand = participation.organisation
    published = sourcing_published(program)
    facilities: list[FacilityCard] = []
    if published:
        sourced = (
            Facility.objects.filter(
                Q(sourcing__program=program, sourcing__brand=brand, sourcing__until__isnull=True),
                program_links__program=program,
                program_links__until__isnull=True,
            )
            .distinct()
            .order_by("name", "public_id")
        )
        facilities = cards_for(list(sourced[:500]), program)
    agreements = [a for a in public_signatories(program) if a.brand_name == brand.name]
    return PublicBrandPage(
        program,
        brand,
        participation.since,
        participation.until,
        agreements,
        published,
        facilities,
        season_premiums(program, brand),
    )


def brand_links(program: Program) -> dict[str, str]:
    """Brand name -> public id, for links from the program page."""
    return dict(
        Participation.objects.filter(program=program, kind="brand").values_list(
            "organisation__name", "organisation__public_id"
        )
    )


def suppliers_public(program: Program) -> list[tuple[Organisation, int]]:
    """Participating supplier companies with how many covered facilities each has in the program
    (counted in the database; the counts are kept five minutes: a million facilities is a scan)."""
    rows = Participation.objects.filter(program=program, kind="supplier").select_related("organisation")

    def count() -> dict[int, int]:
        grouped = (
            ProgramFacility.objects.filter(program=program, until__isnull=True, facility__supplier__isnull=False)
            .order_by()
            .values_list("facility__supplier_id")
            .annotate(n=Count("pk"))
        )
        return dict(grouped.values_list("facility__supplier_id", "n"))

    counts: dict[int, int] = cache.get_or_set(f"wsr:public-supplier-counts:{program.public_id}", count, 300) or {}
    return sorted(((r.organisation, counts.get(r.organisation_id, 0)) for r in rows), key=lambda pair: pair[0].name)


def brands_sourcing_from(program: Program, facility: Facility) -> list[Organisation]:
    if not sourcing_published(program):
        return []
    ids = SourcingRelation.objects.filter(program=program, facility=facility, until__isnull=True).values("brand_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))
