"""Education API. Sessions and coverage are scoped like the pages (program staff: everything; a
supplier: its own facilities; a brand: coverage at the facilities it sources from); the
below-norm list is for staff with ``education.view``; published materials are public."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from wsr.api.security import api_actor, bearer_or_session
from wsr.core.errors import DomainError
from wsr.education import selectors
from wsr.education.models import MaterialVersion, Session
from wsr.education.selectors import FacilityCoverage
from wsr.programs.selectors import program_get_public

router = Router(auth=bearer_or_session())


class SessionOut(Schema):
    public_id: str
    program: str
    season: str
    held_on: str
    facility: str
    facility_name: str
    language: str
    kind: str
    on_the_clock: bool
    topics: list[str]
    other_topics: list[str]
    attendees: int
    new_workers: int
    withdrawn: bool
    educators: list[str] | None


class CoverageOut(Schema):
    facility: str
    facility_name: str
    season: str
    workforce: int | None
    sessions: int
    on_the_clock_sessions: int
    attendees: int
    workers_reached: int
    coverage_percent: int | None
    norm: int
    norm_met: bool
    gap: int


class MaterialOut(Schema):
    public_id: str
    material: str
    name: str
    category: str
    language: str
    number: int
    title: str
    body: str
    file_kind: str
    file_sha256: str
    file_url: str | None
    published_at: str | None


class ScopeQuery(Schema):
    program: str
    season: str | None = None


class BelowNormQuery(ScopeQuery):
    sort: str = "gap"


class MaterialsQuery(Schema):
    program: str
    lang: str | None = None


def _session(session: Session, staff: bool) -> dict[str, Any]:
    return {
        "public_id": session.public_id,
        "program": session.program.slug,
        "season": session.season.name,
        "held_on": session.held_on.isoformat(),
        "facility": session.facility.public_id,
        "facility_name": session.facility.name,
        "language": session.language,
        "kind": session.kind,
        "on_the_clock": session.on_the_clock,
        "topics": list(session.topics),
        "other_topics": list(session.other_topics),
        "attendees": session.attendees,
        "new_workers": session.new_workers,
        "withdrawn": session.withdrawn,
        "educators": sorted(u.username for u in session.educators.all()) if staff else None,
    }


def _coverage(row: FacilityCoverage, season: str) -> dict[str, Any]:
    return {
        "facility": row.facility.public_id,
        "facility_name": row.facility.name,
        "season": season,
        "workforce": row.workforce,
        "sessions": row.sessions,
        "on_the_clock_sessions": row.on_the_clock,
        "attendees": row.attendees,
        "workers_reached": row.reached,
        "coverage_percent": row.percent,
        "norm": row.norm,
        "norm_met": row.norm_met,
        "gap": row.gap,
    }


@router.get("/sessions", response=list[SessionOut], summary="Education sessions you may see (scoped by role)")
def list_sessions(request: HttpRequest, query: Query[ScopeQuery]) -> list[dict[str, Any]]:
    """Program staff see every session with its educators; a supplier user sees the sessions at
    its own facilities (`educators` is null). `season` is a season name (default: every season)."""
    actor = api_actor(request)
    program = selectors.education_program(actor=actor, slug=query.program)
    season = selectors.season_pick(program, query.season) if query.season else None
    sessions = selectors.sessions_for_actor(actor=actor, program=program, season=season)
    staff = selectors.sees_all_sessions(actor, program)
    return [_session(s, staff) for s in sessions[:5000]]


@router.get("/coverage", response=list[CoverageOut], summary="Coverage per facility in a season (scoped by role)")
def list_coverage(request: HttpRequest, query: Query[ScopeQuery]) -> list[dict[str, Any]]:
    """Distinct workers reached / workforce (whole percent, rounded down, at most 100) and the norm
    (on-the-clock sessions per season). `season` defaults to the current season."""
    actor = api_actor(request)
    program = selectors.education_program(actor=actor, slug=query.program)
    season = selectors.season_pick(program, query.season or "")
    rows = selectors.coverage_for_actor(actor=actor, program=program, season=season)
    return [_coverage(r, season.name if season else "") for r in rows]


@router.get("/below-norm", response=list[CoverageOut], summary="Facilities below the education norm in a season")
def list_below_norm(request: HttpRequest, query: Query[BelowNormQuery]) -> list[dict[str, Any]]:
    """For the worker organisation and program staff. `sort`: `gap` (largest first, the default),
    `coverage` (lowest first) or `name`."""
    actor = api_actor(request)
    program = selectors.education_program(actor=actor, slug=query.program)
    if query.sort not in selectors.SORTS:
        raise DomainError(f"sort must be one of {', '.join(selectors.SORTS)}", code="bad_sort")
    season = selectors.season_pick(program, query.season or "")
    rows = selectors.below_norm_for_actor(actor=actor, program=program, season=season, sort=query.sort)
    return [_coverage(r, season.name if season else "") for r in rows]


def _material(request: HttpRequest, version: MaterialVersion) -> dict[str, Any]:
    program = version.material.program
    return {
        "public_id": version.public_id,
        "material": version.material.public_id,
        "name": version.material.name,
        "category": version.material.category,
        "language": version.language,
        "number": version.number,
        "title": version.title,
        "body": version.body,
        "file_kind": version.file_kind,
        "file_sha256": version.file_sha256,
        "file_url": request.build_absolute_uri(f"/education/{program.slug}/library/{version.public_id}/file/")
        if version.file
        else None,
        "published_at": version.published_at.isoformat() if version.published_at else None,
    }


@router.get(
    "/materials",
    response=list[MaterialOut],
    auth=None,
    summary="Published education materials of a program (public)",
)
def list_materials(request: HttpRequest, query: Query[MaterialsQuery]) -> list[dict[str, Any]]:
    """The one published version of each material per language. `lang` filters to one of the
    program's languages (400 for another)."""
    program = program_get_public(slug=query.program)
    if query.lang and query.lang not in program.languages:
        raise DomainError(
            f"The program has no language {query.lang!r}: use one of {', '.join(program.languages)}.",
            code="unknown_language",
        )
    versions = selectors.published_materials(program=program, language=query.lang or "").select_related(
        "material__program"
    )
    return [_material(request, v) for v in versions]
