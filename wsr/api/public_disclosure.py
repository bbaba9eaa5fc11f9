"""Public facility search and facility facts, mounted at /api/v1/public (no login).

The same public facts as the public site's pages (wsr.disclosure): names, places, standing and its
history with the public log entry behind each change, CAP progress and the public summaries of
findings. Search is typo-tolerant and keyset-paginated: pass ``next_after`` back as ``after``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from wsr.disclosure.facts import facility_public
from wsr.disclosure.search import FacilityCard, SearchQuery, search

router = Router()

_FAC = "fac_7hq2km4xw9pd3t6b"


class StandingOut(Schema):
    program: str = Field(description="The program's slug.", examples=["garment-safety"])
    standing: str = Field(
        description="applicant, participating, probation, suspended, terminated or withdrawn.",
        examples=["suspended"],
    )
    label: str = Field(description="The standing in the request's language.", examples=["Suspended"])
    since: str = Field(description="ISO 8601 date-time or date.", examples=["2026-11-20T09:00:00+00:00"])


class FacilityOut(Schema):
    id: str = Field(description="Stable public id.", examples=[_FAC])
    name: str = Field(examples=["Gazipur Denim Mills – Unit 1"])
    name_local: str = Field(description="The name in the local language and script.", examples=["গাজীপুর ডেনিম মিলস"])
    address: str = Field(examples=["Plot 12, Konabari, Gazipur, Bangladesh"])
    country_code: str = Field(examples=["BD"])
    lat: str | None = Field(description="Decimal degrees, as text (exact).", examples=["24.001234"])
    lng: str | None = Field(examples=["90.412345"])
    sector: list[str] = Field(examples=[["Apparel"]])
    number_of_workers: str = Field(description="Transparency Pledge band.", examples=["1001-5000"])
    parent_company: str = Field(examples=["Gazipur Denim Mills"])
    os_id: str = Field(description="Open Supply Hub id, when known.", examples=["BD2019085ABC123"])
    standings: list[StandingOut]
    url: str = Field(description="The facility's public page.", examples=[f"/facilities/{_FAC}/"])


class SearchOut(Schema):
    results: list[FacilityOut]
    next_after: str = Field(description="Cursor of the next page; empty on the last one.", examples=["WyJH…"])
    fuzzy: bool = Field(description="True when nothing matched exactly and these are the closest names.")


class HistoryOut(Schema):
    at: str = Field(examples=["2026-11-20T09:00:00+00:00"])
    standing: str = Field(examples=["Suspended"])
    grounds: str = Field(examples=["Confirmed zero-tolerance violation"])
    log_entry: int | None = Field(
        description="Sequence number of the public log entry recording the change (/p/{program}/log/{n}/).",
        examples=[212],
    )


class CategoryProgressOut(Schema):
    category: str = Field(examples=["health_safety"])
    label: str = Field(examples=["Health and safety"])
    verified: int = Field(examples=[8])
    total: int = Field(examples=[12])
    percent: int | None = Field(examples=[66])


class FindingOut(Schema):
    observed_on: str = Field(examples=["2026-03-02"])
    provision: str = Field(examples=["1.1"])
    category: str = Field(examples=["health_safety"])
    severity: str = Field(examples=["serious"])
    summary: str = Field(description="The public summary (never the internal text).")
    actions_total: int
    actions_verified: int


class ProgramFactsOut(Schema):
    program: str = Field(examples=["garment-safety"])
    history: list[HistoryOut]
    audits: list[dict[str, Any]] = Field(
        examples=[[{"kind": "Initial", "planned_on": "2025-07-01", "performed_on": "2025-07-01", "state": "Completed"}]]
    )
    cap_progress_percent: int | None = Field(examples=[66])
    cap_by_category: list[CategoryProgressOut]
    findings: list[FindingOut]


class FacilityDetailOut(FacilityOut):
    programs: list[ProgramFactsOut]


def _facility(card: FacilityCard) -> dict[str, Any]:
    f = card.facility
    return {
        "id": f.public_id,
        "name": f.name,
        "name_local": f.name_local,
        "address": f.address,
        "country_code": f.country,
        "lat": None if f.lat is None else str(f.lat),
        "lng": None if f.lng is None else str(f.lng),
        "sector": list(f.sectors or []),
        "number_of_workers": f.worker_band,
        "parent_company": f.parent_company,
        "os_id": f.os_id,
        "standings": [
            {"program": s.program.slug, "standing": s.status, "label": s.label, "since": s.since.isoformat()}
            for s in card.standings
            if s.since is not None
        ],
        "url": f"/facilities/{f.public_id}/",
    }


@router.get(
    "/facilities",
    response=SearchOut,
    summary="Search participating facilities",
    description="Name (any script, Bengali included; typos tolerated), place, country (ISO 3166-1 alpha-2), "
    "sector, standing and program filters. Results in name order, 25 a page; pass `next_after` as `after`.",
)
def facility_search(
    request: HttpRequest,
    q: str = Query("", description="Name or local name, any script.", examples=["গাজীপুর ডেনিম"]),
    place: str = Query("", description="Part of the address.", examples=["Gazipur"]),
    country: str = Query("", examples=["BD"]),
    sector: str = Query("", examples=["Apparel"]),
    standing: str = Query("", examples=["suspended"]),
    program: str = Query("", examples=["garment-safety"]),
    after: str = Query("", description="The previous page's `next_after`."),
) -> dict[str, Any]:
    page = search(
        SearchQuery(
            q=q.strip(),
            place=place.strip(),
            country=country.strip(),
            sector=sector.strip(),
            standing=standing.strip(),
            program=program.strip(),
            after=after,
        )
    )
    return {"results": [_facility(c) for c in page.cards], "next_after": page.next_after, "fuzzy": page.fuzzy}


@router.get(
    "/facilities/{facility}",
    response=FacilityDetailOut,
    summary="A facility's public facts",
    description="Standing per program with its history (each change with its public log entry), audit dates, "
    "corrective-action progress by category and the public summaries of findings.",
)
def facility_detail(request: HttpRequest, facility: str) -> dict[str, Any]:
    page = facility_public(facility)
    body = _facility(page.card)
    programs = []
    for p in page.programs:
        remediation = p.remediation.remediation if p.remediation else None
        programs.append(
            {
                "program": p.program.slug,
                "history": [
                    {"at": h.at.isoformat(), "standing": h.label, "grounds": h.grounds, "log_entry": h.log_seq}
                    for h in p.history
                ],
                "audits": [
                    {
                        "kind": a.kind,
                        "planned_on": a.planned_on.isoformat(),
                        "performed_on": a.performed_on.isoformat() if a.performed_on else None,
                        "state": a.state,
                    }
                    for a in p.audits
                ],
                "cap_progress_percent": remediation.overall.percent if remediation else None,
                "cap_by_category": [
                    {
                        "category": c.category,
                        "label": c.label,
                        "verified": c.progress.verified,
                        "total": c.progress.total,
                        "percent": c.progress.percent,
                    }
                    for c in (remediation.by_category if remediation else [])
                ],
                "findings": [
                    {
                        "observed_on": x.observed_on.isoformat(),
                        "provision": x.provision_ref,
                        "category": x.category,
                        "severity": x.severity,
                        "summary": x.public_summary,
                        "actions_total": x.items_total,
                        "actions_verified": x.items_verified,
                    }
                    for x in (p.remediation.findings if p.remediation else [])
                ],
            }
        )
    body["programs"] = programs
    return body
