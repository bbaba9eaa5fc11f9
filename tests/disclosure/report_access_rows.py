"""Access-matrix rows for the public map, program report and label pages (helper "report" of
issue 12). tests/test_access_matrix.py discovers only tests/<domain>/access_routes.py: the
disclosure module there joins these with

    from tests.disclosure import report_access_rows
    ROUTES += report_access_rows.ROUTES
    # and in its placeholders(personas): values.update(report_access_rows.placeholders(personas))

The map, report and /v/ pages are public (the same answer for every persona); the poster pages
follow the standing domain's scopes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access import expect, only

SEASON = "matrix-report"
# Who may download label posters: the standing domain's viewers (staff and the worker organisation,
# a supplier for its own facilities, a brand for those it sources from).
VIEWERS = ("council_admin", "investigator", "worker_org_staff")
AT_X = (*VIEWERS, "brand_a", "supplier_x")
POSTER = "/p/{program}/labels/{fx}"

ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/p/{program}/map/", expect(200)),
    ("GET", "/p/{program}/report/", expect(200)),
    ("GET", "/p/{program}/report/{report_season}/", expect(200)),
    ("GET", "/p/{program}/report/{report_season}/report.pdf", expect(200)),
    ("GET", "/p/{program}/report/{report_season}/report.csv", expect(200)),
    ("GET", "/p/{program}/report/no-such-season/", expect(404)),
    ("GET", "/v/", expect(200)),
    ("GET", "/v/{label_code}/", expect(200)),
    ("GET", "/v/{label_code}/qr.svg", expect(200)),
    ("GET", "/p/{program}/labels/", only((*VIEWERS, "brand_a", "brand_b", "supplier_x", "supplier_y"), others=403)),
    # facility X's standing row comes from tests/standing/access_routes.py (placeholders of every
    # module are made before any request); its label code from placeholders() below
    ("GET", POSTER + "/poster.svg", only(AT_X, others=403, brand_b=404, supplier_y=404)),
    ("GET", POSTER + "/poster.pdf", only(AT_X, others=403, brand_b=404, supplier_y=404)),
]


def placeholders(personas: Any) -> dict[str, str]:
    from wsr.programs.models import ReportingSeason

    ReportingSeason.objects.get_or_create(
        program=personas.program,
        name=SEASON,
        defaults={"starts_on": dt.date(2025, 1, 1), "ends_on": dt.date(2025, 12, 31)},
    )
    from wsr.disclosure.labels import code_new
    from wsr.disclosure.models import LabelCode

    label, _created = LabelCode.objects.get_or_create(
        program=personas.program, facility=personas.facility_x, defaults={"code": code_new()}
    )
    return {"report_season": SEASON, "label_code": label.code}
