"""Access-matrix rows for the public map, program report and label pages (helper "report" of
issue 12). tests/test_access_matrix.py discovers only tests/<domain>/access_routes.py: the
disclosure module there joins these with

    from tests.disclosure import report_access_rows
    ROUTES += report_access_rows.ROUTES
    # and in its placeholders(personas): values.update(report_access_rows.placeholders(personas))

Every route is public: the same answer for every persona, signed in or not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access import expect

SEASON = "matrix-report"

ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/p/{program}/map/", expect(200)),
    ("GET", "/p/{program}/report/", expect(200)),
    ("GET", "/p/{program}/report/{report_season}/", expect(200)),
    ("GET", "/p/{program}/report/{report_season}/report.pdf", expect(200)),
    ("GET", "/p/{program}/report/{report_season}/report.csv", expect(200)),
    ("GET", "/p/{program}/report/no-such-season/", expect(404)),
]


def placeholders(personas: Any) -> dict[str, str]:
    from wsr.programs.models import ReportingSeason

    season, _created = ReportingSeason.objects.get_or_create(
        program=personas.program,
        name=SEASON,
        defaults={"starts_on": dt.date(2025, 1, 1), "ends_on": dt.date(2025, 12, 31)},
    )
    return {"report_season": SEASON}
