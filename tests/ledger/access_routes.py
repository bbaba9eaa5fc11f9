"""Access-matrix rows for the ledger pages and endpoints (joined by tests/test_access_matrix.py).

Placeholders: a premium payment recorded by brand A for facility X (supplier X), not yet
confirmed, with a PDF proof; a distribution at facility X of brand A's premium. Brand A sources
from X only; supplier X owns X only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from tests.access import expect, only
from wsr.core import clock
from wsr.ledger.models import Distribution, Payment

VIEW_ALL = ("council_admin", "investigator", "auditor", "worker_org_staff")
BRANDS = ("brand_a", "brand_b")
SUPPLIERS = ("supplier_x", "supplier_y")
AUDITED = ("council_admin", "auditor")
P = "/ledger/{program}"
PAY = P + "/payments/{payment_a}"
API = "/api/v1/programs/{program}/ledger"


def _form(url: str, allowed: tuple[str, ...], **overrides: int) -> list[tuple[str, str, dict[str, int]]]:
    """A form page: GET 200 for the allowed, an empty POST re-renders it with errors (400)."""
    return [
        ("GET", url, only(allowed, others=403, **overrides)),
        ("POST", url, only(allowed, others=403, ok=400, **overrides)),
    ]


ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", P + "/obligations/", only(BRANDS, others=403)),
    ("GET", "/ledger/{other_program}/obligations/", expect(404, public=302)),
    *_form(P + "/payments/new/", BRANDS),
    ("GET", PAY + "/", only((*VIEW_ALL, "brand_a", "supplier_x"), others=404)),
    ("GET", PAY + "/proof/", only((*VIEW_ALL, "brand_a", "supplier_x"), others=404)),
    ("POST", PAY + "/confirm/", only(("supplier_x",), others=403, ok=302, supplier_y=404)),
    *_form(PAY + "/dispute/", ("supplier_x",), supplier_y=404),
    *_form(PAY + "/reverse/", ("council_admin",)),
    ("GET", P + "/statement/", only(SUPPLIERS, others=403)),
    *_form(P + "/distributions/new/", (*SUPPLIERS, *AUDITED)),
    *_form(P + "/distributions/upload/", SUPPLIERS),
    *_form(P + "/distributions/{distribution_x}/reverse/", ("council_admin",)),
    ("GET", P + "/reconciliation/", only(VIEW_ALL, others=403)),
    ("GET", "/ledger/{other_program}/reconciliation/", expect(404, public=302)),
    ("POST", P + "/reconciliation/run/", only(("council_admin",), others=403, ok=302)),
    ("GET", P + "/reconciliation/export.csv", only(VIEW_ALL, others=403)),
    ("GET", P + "/reconciliation/export.xlsx", only(VIEW_ALL, others=403)),
    ("GET", P + "/reconciliation/{brand_a_org}/{fx}/", only(VIEW_ALL, others=403)),
    ("GET", API + "/payments", expect(200, public=401)),
    # the body cannot name a persona's facility (random ids): refused by the service (400) for a brand
    ("POST", API + "/payments", only(BRANDS, others=403, ok=400, public=401)),
    ("GET", API + "/findings", expect(200, public=401)),
    ("GET", "/api/v1/programs/{other_program}/ledger/findings", expect(404, public=401)),
]

BODIES: dict[tuple[str, str], Any] = {
    ("POST", API + "/payments"): {
        "facility": "fac_not_a_facility",
        "amount_minor": 1250,
        "paid_on": "2026-01-15",
        "reference": "WIRE-1",
    },
}


def placeholders(personas: Any) -> dict[str, str]:
    now = clock.now()
    payment = Payment.objects.create(
        program=personas.program,
        brand=personas.brand_a.organisation,
        supplier=personas.supplier_x.organisation,
        facility=personas.facility_x,
        amount_minor=5_000,
        currency="USD",
        paid_on=now.date() - dt.timedelta(days=3),
        reference="WIRE 1",
        recorded_at=now,
        updated_at=now,
    )
    payment.proof.save("proof.pdf", ContentFile(b"%PDF-1.4 matrix"), save=True)
    distribution = Distribution.objects.create(
        program=personas.program,
        supplier=personas.supplier_x.organisation,
        brand=personas.brand_a.organisation,
        facility=personas.facility_x,
        period_start=now.date() - dt.timedelta(days=14),
        period_end=now.date() - dt.timedelta(days=1),
        workers_paid=10,
        distributed_minor=4_750,
        admin_share_minor=250,
        currency="USD",
        source="form",
        recorded_at=now,
    )
    return {"payment_a": payment.public_id, "distribution_x": distribution.public_id}
