"""Access-matrix rows for the purchase pages and endpoint (joined by tests/test_access_matrix.py).

Placeholder: a finished report of brand A ({upload_a}). Brands report and see their own reports;
the monitors (program admin, investigator) see every report, the breaches and cut-and-run flags."""

from __future__ import annotations

from typing import Any

from tests.access import expect, only
from wsr.core import clock
from wsr.purchases.models import PurchaseUpload

BRANDS = ("brand_a", "brand_b")
MONITORS = ("council_admin", "investigator")
P = "/purchases/{program}"

ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", P + "/", only(BRANDS, others=403)),
    ("POST", P + "/", only(BRANDS, others=403, ok=400)),  # an empty form re-renders with errors
    ("GET", "/purchases/{other_program}/", expect(404, public=302)),
    ("GET", P + "/monitor/", only(MONITORS, others=403)),
    ("GET", P + "/uploads/{upload_a}/", only((*MONITORS, "brand_a"), others=403, brand_b=404)),
    ("GET", P + "/uploads/{upload_a}/progress/", only((*MONITORS, "brand_a"), others=403, brand_b=404)),
    # an empty form body is no CSV: refused (400) once the brand is let in
    ("POST", "/api/v1/programs/{program}/purchases", only(BRANDS, others=403, ok=400, public=401)),
]


def placeholders(personas: Any) -> dict[str, str]:
    upload = PurchaseUpload.objects.create(
        program=personas.program,
        brand=personas.brand_a.organisation,
        source="web",
        filename="march.csv",
        status="done",
        created_at=clock.now(),
    )
    return {"upload_a": upload.public_id}
