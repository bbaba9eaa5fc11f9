"""Access-matrix rows for the public site, open data and public API (joined by
tests/test_access_matrix.py), with the map/report/label rows of tests/disclosure/report_access_rows.py.

Every route is public: the same answer for every persona, signed in or not."""

from __future__ import annotations

from typing import Any

from tests.access import expect
from tests.disclosure import report_access_rows

OD = "/open-data/{program}/"

ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/facilities/{fx}/", expect(200)),
    ("GET", "/facilities/{fe}/", expect(200)),
    ("GET", "/facilities/fac_none/", expect(404)),
    ("GET", "/p/{program}/brands/{brand_a_org}/", expect(200)),
    ("GET", "/p/{other_program}/brands/{brand_a_org}/", expect(404)),
    ("GET", "/p/{program}/complaints/", expect(200)),
    ("GET", "/p/{program}/statistics/", expect(200)),
    ("GET", "/search/", expect(200)),
    ("GET", "/search/?q=Farm&standing=participating", expect(200)),
    ("GET", "/open-data/", expect(200)),
    ("GET", OD, expect(200)),
    *[
        ("GET", OD + f"{name}.{fmt}", expect(200))
        for name in ("facilities", "brands", "standing", "complaints", "caps")
        for fmt in ("csv", "json")
    ],
    ("GET", OD + "facilities.geojson", expect(200)),
    ("GET", OD + "facilities.csv-metadata.json", expect(200)),
    ("GET", OD + "statistics.json", expect(200)),
    ("GET", OD + "brands.geojson", expect(404)),
    ("GET", "/open-data/no-such-program/facilities.csv", expect(404)),
    ("GET", "/api/v1/public/facilities", expect(200)),
    ("GET", "/api/v1/public/facilities?q=Farm", expect(200)),
    ("GET", "/api/v1/public/facilities/{fx}", expect(200)),
    ("GET", "/api/v1/public/facilities/fac_none", expect(404)),
    *report_access_rows.ROUTES,
]


def placeholders(personas: Any) -> dict[str, str]:
    values: dict[str, str] = {}
    values.update(report_access_rows.placeholders(personas))
    return values
