"""The public map of a program's facilities (/p/<program>/map/): clustered markers coloured by
standing over the country outlines shipped with the app (static/vendor/world-atlas), or over
tiles when WSR_MAP_TILE_URL names a tile server. The table beside the map is the page without
JavaScript: every facility, its place and its standing. Only public facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from wsr.core.i18n import page_language
from wsr.programs.models import Program
from wsr.programs.selectors import program_get_public
from wsr.registry.models import Facility, ProgramFacility
from wsr.standing.models import STANDING_LABELS, FacilityStanding
from wsr.standing.transitions import Standing

# Legend order: the standings a visitor most needs to see first.
LEGEND = (
    Standing.PARTICIPATING,
    Standing.PROBATION,
    Standing.SUSPENDED,
    Standing.TERMINATED,
    Standing.APPLICANT,
    Standing.WITHDRAWN,
)


@dataclass(frozen=True)
class MapFacility:
    public_id: str
    name: str
    name_local: str
    address: str
    country: str
    lat: Decimal | None
    lng: Decimal | None
    standing: str
    standing_label: str
    since: dt.date
    url: str

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lng is not None

    def point(self) -> dict[str, Any]:
        """What the map script reads (numbers as floats: Leaflet wants them)."""
        return {
            "id": self.public_id,
            "name": self.name,
            "local": self.name_local,
            "lat": float(self.lat or 0),
            "lng": float(self.lng or 0),
            "standing": self.standing,
            "label": self.standing_label,
            "url": self.url,
        }


def facility_public_url(program: Program, facility: Facility) -> str:
    """The facility's public page (public:facility), or its public remediation page before the
    site has one."""
    for name, kwargs in (
        ("public:facility", {"public_id": facility.public_id}),
        ("audits:public_facility", {"facility_id": facility.public_id}),
    ):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


def map_facilities(program: Program) -> list[MapFacility]:
    """Every facility the program covers today, with its standing in the program (applicant
    without a standing row), ordered by country then name."""
    links = (
        ProgramFacility.objects.filter(program=program, until__isnull=True)
        .select_related("facility")
        .only(
            "since",
            "facility__public_id",
            "facility__name",
            "facility__name_local",
            "facility__address",
            "facility__country",
            "facility__lat",
            "facility__lng",
        )
        .order_by("facility__country", "facility__name", "facility__pk")
    )
    standings = {
        row["facility_id"]: (row["status"], row["since"])
        for row in FacilityStanding.objects.filter(program=program).values("facility_id", "status", "since")
    }
    rows = []
    for link in links:
        facility = link.facility
        status, since = standings.get(facility.pk, (Standing.APPLICANT, None))
        rows.append(
            MapFacility(
                public_id=facility.public_id,
                name=facility.name,
                name_local=facility.name_local if facility.name_local != facility.name else "",
                address=facility.address,
                country=facility.country,
                lat=facility.lat,
                lng=facility.lng,
                standing=str(status),
                standing_label=str(STANDING_LABELS[Standing(status)]),
                since=since.date() if since else link.since,
                url=facility_public_url(program, facility),
            )
        )
    return rows


def map_config() -> dict[str, str]:
    """The base layer: a tile URL template from the settings, or the shipped outlines only."""
    return {
        "tiles": getattr(settings, "WSR_MAP_TILE_URL", "") or "",
        "attribution": getattr(settings, "WSR_MAP_TILE_ATTRIBUTION", "") or "",
    }


def map_csp(response: HttpResponse) -> HttpResponse:
    """Let the page load tiles from the configured tile server (images only): a page that shows
    a map (this one, a facility page with the _facility_map.html include) passes its response here."""
    tiles = map_config()["tiles"]
    if tiles:
        parts = urlsplit(tiles)
        origin = f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"  # {s}.tile.example.org: subdomains
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]  # read by django-csp
    return response


def program_map(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get_public(slug=slug)
    facilities = map_facilities(program)
    located = [f for f in facilities if f.located]
    counts: dict[str, int] = {}
    for f in facilities:
        counts[f.standing] = counts.get(f.standing, 0) + 1
    legend = [(s, STANDING_LABELS[s], counts.get(s, 0)) for s in LEGEND if counts.get(s) or s in _ALWAYS]
    with page_language(request, request.GET.get("lang")):
        response = render(
            request,
            "disclosure/map.html",
            {
                "program": program,
                "facilities": facilities,
                "points": [f.point() for f in located],
                "unlocated": len(facilities) - len(located),
                "legend": legend,
                "map": map_config(),
                "map_label": _("Map of the facilities of the program"),
            },
        )
    return map_csp(response)


_ALWAYS = frozenset({Standing.PARTICIPATING, Standing.PROBATION, Standing.SUSPENDED})
