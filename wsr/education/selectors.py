"""Reads about worker education, always scoped to the actor (program, organisation, object).

Who sees what (docs/decisions/0010-worker-education.md):
- program staff with ``education.view`` (monitoring body, auditors, worker organisation): every
  session, its educators and notes, coverage of every facility, the below-norm list, all materials;
- a supplier user (``registry.view_own``): the sessions and coverage of its own facilities, without
  educators' names or notes;
- a brand user (``registry.view_sourced``): coverage of the facilities it sources from (figures only,
  no session records);
- the public: published materials only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from wsr.core import clock
from wsr.core.csv_export import csv_lines
from wsr.core.errors import CapabilityMissing, NotFound
from wsr.core.permissions import Actor
from wsr.education.capabilities import EducationCapability as E
from wsr.education.coverage import SessionFigures, coverage_percent, norm_gap, season_current, tally
from wsr.education.models import Material, MaterialVersion, Session
from wsr.education.transitions import MaterialStatus
from wsr.programs.models import Program, ReportingSeason
from wsr.registry.capabilities import RegistryCapability as R
from wsr.registry.models import Facility
from wsr.standards.selectors import language_name

# --- programs and seasons --------------------------------------------------------------------------


def education_program(*, actor: Actor, slug: str) -> Program:
    """The program if the actor has any role in it (404 otherwise); capabilities are checked by the
    scoped selectors below (403 when the actor's role gives no view at all)."""
    program = Program.objects.filter(slug=slug).select_related("worker_organisation", "monitoring_body").first()
    if program is None or program.pk not in actor.program_ids:
        raise NotFound("program")
    return program


def seasons_of(program: Program) -> list[ReportingSeason]:
    return list(program.seasons.order_by("-starts_on"))


def season_pick(program: Program, name: str = "", today: dt.date | None = None) -> ReportingSeason | None:
    """The season named ``name``, or the current one (containing today, else the latest started)."""
    seasons = seasons_of(program)
    if name:
        for season in seasons:
            if season.name == name:
                return season
        raise NotFound("season")
    found = season_current(today or clock.today(), seasons)
    assert found is None or isinstance(found, ReportingSeason)
    return found


def season_previous(program: Program, season: ReportingSeason) -> ReportingSeason | None:
    return program.seasons.filter(ends_on__lt=season.starts_on).order_by("-starts_on").first()


# --- sessions ---------------------------------------------------------------------------------------


def sees_all_sessions(actor: Actor, program: Program) -> bool:
    return actor.can(E.VIEW, program.pk)


def sessions_for_actor(
    *,
    actor: Actor,
    program: Program,
    season: ReportingSeason | None = None,
    facility_public_id: str = "",
    include_withdrawn: bool = True,
) -> QuerySet[Session]:
    """Sessions the actor may see: all of the program's (``education.view``) or those at a
    supplier's own facilities; ``CapabilityMissing`` for anyone else."""
    qs = Session.objects.filter(program=program).select_related("facility", "season", "program")
    if actor.can(E.VIEW, program.pk):
        qs = qs.prefetch_related("educators")
    elif actor.can(R.VIEW_OWN, program.pk) and actor.organisation_id:
        qs = qs.filter(facility__supplier_id=actor.organisation_id)
    else:
        raise CapabilityMissing(E.VIEW)
    if season is not None:
        qs = qs.filter(season=season)
    if facility_public_id:
        qs = qs.filter(facility__public_id=facility_public_id)
    if not include_withdrawn:
        qs = qs.filter(withdrawn_at__isnull=True)
    return qs.order_by("-held_on", "-recorded_at")


def session_get_for_actor(*, actor: Actor, program: Program, public_id: str) -> Session:
    session = sessions_for_actor(actor=actor, program=program).filter(public_id=public_id).first()
    if session is None:
        raise NotFound("session")
    return session


CSV_HEADER = [
    "session",
    "program",
    "season",
    "held_on",
    "facility",
    "facility_name",
    "country",
    "language",
    "kind",
    "on_the_clock",
    "code_topics",
    "other_topics",
    "attendees",
    "new_workers_reached",
    "workforce",
    "educators",
    "status",
]


def sessions_csv(sessions: QuerySet[Session]) -> Iterator[str]:
    """The export, one line at a time (header first). Topics and educators are ``|``-separated;
    cells are escaped against spreadsheet formulas (``wsr.core.csv_export``)."""
    rows = (
        [
            s.public_id,
            s.program.slug,
            s.season.name,
            s.held_on.isoformat(),
            s.facility.public_id,
            s.facility.name,
            s.facility.country,
            s.language,
            s.kind,
            "yes" if s.on_the_clock else "no",
            "|".join(s.topics),
            "|".join(s.other_topics),
            s.attendees,
            s.new_workers,
            "" if s.workforce is None else s.workforce,
            "|".join(sorted(u.username for u in s.educators.all())),
            "withdrawn" if s.withdrawn_at else "recorded",
        ]
        for s in sessions.prefetch_related("educators").iterator(chunk_size=500)
    )
    return csv_lines(CSV_HEADER, rows)


# --- coverage ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacilityCoverage:
    facility: Facility
    workforce: int | None
    sessions: int
    on_the_clock: int
    attendees: int
    reached: int
    percent: int | None
    norm: int
    gap: int

    @property
    def norm_met(self) -> bool:
        return self.gap == 0


def _facility_scope(actor: Actor, program: Program) -> QuerySet[Facility]:
    """Facilities of the program whose coverage the actor may see (``CapabilityMissing`` if none)."""
    qs = Facility.objects.filter(program_links__program=program)
    if actor.can(E.VIEW, program.pk):
        return qs
    if actor.can(R.VIEW_OWN, program.pk) and actor.organisation_id:
        return qs.filter(supplier_id=actor.organisation_id)
    if actor.can(R.VIEW_SOURCED, program.pk) and actor.organisation_id:
        return qs.filter(sourcing__program=program, sourcing__brand_id=actor.organisation_id)
    raise CapabilityMissing(E.VIEW)


def coverage_for_actor(*, actor: Actor, program: Program, season: ReportingSeason | None) -> list[FacilityCoverage]:
    """Coverage of each facility the actor may see in ``season`` (withdrawn sessions do not count).
    A facility counts in a season if the program covered it on any day of the season."""
    scope = _facility_scope(actor, program)
    if season is None:
        return []
    active = Q(program_links__program=program, program_links__since__lte=season.ends_on) & (
        Q(program_links__until__isnull=True) | Q(program_links__until__gte=season.starts_on)
    )
    ids = Facility.objects.filter(active).values("pk")
    facilities = list(Facility.objects.filter(pk__in=scope.values("pk")).filter(pk__in=ids).order_by("name", "pk"))
    figures: dict[int, list[SessionFigures]] = {f.pk: [] for f in facilities}
    rows = Session.objects.filter(
        program=program, season=season, withdrawn_at__isnull=True, facility_id__in=list(figures)
    ).values_list("facility_id", "on_the_clock", "attendees", "new_workers")
    for facility_id, on_clock, attendees, new in rows:
        figures[facility_id].append(SessionFigures(on_clock, attendees, new))
    norm = program.education_sessions_per_season
    result = []
    for facility in facilities:
        t = tally(figures[facility.pk])
        result.append(
            FacilityCoverage(
                facility=facility,
                workforce=facility.worker_count,
                sessions=t.sessions,
                on_the_clock=t.on_the_clock,
                attendees=t.attendees,
                reached=t.reached,
                percent=coverage_percent(t.reached, facility.worker_count),
                norm=norm,
                gap=norm_gap(t.on_the_clock, norm),
            )
        )
    return result


SORTS = ("gap", "coverage", "name")


def below_norm_for_actor(
    *, actor: Actor, program: Program, season: ReportingSeason | None, sort: str = "gap"
) -> list[FacilityCoverage]:
    """Facilities with fewer on-the-clock sessions than the norm this season, for the worker
    organisation and program staff. ``sort``: ``gap`` (largest first), ``coverage`` (lowest first)
    or ``name``."""
    actor.require(E.VIEW, program.pk)
    rows = [c for c in coverage_for_actor(actor=actor, program=program, season=season) if not c.norm_met]
    if sort == "coverage":
        rows.sort(key=lambda c: (c.percent if c.percent is not None else -1, -c.gap, c.facility.name))
    elif sort == "name":
        rows.sort(key=lambda c: c.facility.name)
    else:
        rows.sort(key=lambda c: (-c.gap, c.percent if c.percent is not None else -1, c.facility.name))
    return rows


# --- materials -------------------------------------------------------------------------------------


def materials_for_actor(*, actor: Actor, program: Program) -> QuerySet[Material]:
    actor.require(E.VIEW, program.pk)
    return Material.objects.filter(program=program).prefetch_related("versions").order_by("name")


def material_get_for_actor(*, actor: Actor, program: Program, public_id: str) -> Material:
    material = materials_for_actor(actor=actor, program=program).filter(public_id=public_id).first()
    if material is None:
        raise NotFound("material")
    return material


def material_version_get(*, material: Material, public_id: str) -> MaterialVersion:
    version = material.versions.select_related("material__program").filter(public_id=public_id).first()
    if version is None:
        raise NotFound("version")
    return version


@dataclass(frozen=True)
class LanguageVersions:
    language: str
    label: str
    published: MaterialVersion | None
    others: list[MaterialVersion]


def material_versions_by_language(material: Material) -> list[LanguageVersions]:
    """For each of the program's languages: the published version and the rest, newest first."""
    versions = list(material.versions.order_by("language", "-number"))
    result = []
    for language in material.program.languages:
        mine = [v for v in versions if v.language == language]
        published = next((v for v in mine if v.status == MaterialStatus.PUBLISHED), None)
        result.append(
            LanguageVersions(language, language_name(language), published, [v for v in mine if v is not published])
        )
    return result


def published_materials(*, program: Program, language: str = "") -> QuerySet[MaterialVersion]:
    """Public: the published version of each material, in one language or all of them."""
    qs = MaterialVersion.objects.filter(material__program=program, status=MaterialStatus.PUBLISHED).select_related(
        "material"
    )
    if language:
        qs = qs.filter(language=language)
    return qs.order_by("material__category", "material__name", "language")


def published_version_get(*, program: Program, public_id: str) -> MaterialVersion:
    version = published_materials(program=program).filter(public_id=public_id).first()
    if version is None:
        raise NotFound("material")
    return version
