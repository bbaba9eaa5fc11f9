"""The agreements demo part, built on the foundation alone (independent of the Code demo)."""

from __future__ import annotations

import pytest

from wsr.agreements.models import Agreement
from wsr.core.transparency import transparency_verify
from wsr.demo import agreements, foundation

pytestmark = pytest.mark.django_db


def test_demo_agreements_are_signed_active_amended_and_drafted_through_the_services():
    foundation.build("pw")
    agreements.build("pw")
    fh = Agreement.objects.filter(program__slug="fair-harvest")
    gs = Agreement.objects.filter(program__slug="garment-safety")
    assert fh.filter(status="active").count() == 4
    assert fh.filter(status="draft").count() == 1
    v1 = fh.get(brand__name="Harvest Table Foods", version=1)
    v2 = fh.get(brand__name="Harvest Table Foods", version=2)
    assert (v1.status, v1.status_reason, v2.status, v2.previous_id) == (
        "expired",
        "superseded by version 2",
        "active",
        v1.pk,
    )
    penny = fh.get(brand__name="GreenBasket Markets").premium_terms.get()
    assert (penny.amount_minor_per_unit, penny.unit, penny.products) == (1, "lb", ["Tomatoes"])
    assert gs.filter(status="active", fund_remediation=True).count() == 3
    assert {t.kind for a in gs for t in a.premium_terms.all()} == {"percent"}
    for agreement in fh.exclude(status="draft") | gs:
        assert agreement.document.read().startswith(b"%PDF-1.4")
        assert len(agreement.document_sha256) == 64
    assert all(r.ok for r in transparency_verify())
