"""purchases_ingest: whole or nothing, idempotent on (brand, line_id), premium and eligibility."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from tests.purchases.conftest import actor, at, line, standing_history
from wsr.core.models import Event, OutboxMessage
from wsr.purchases.events import PurchasesEvent
from wsr.purchases.models import PurchaseLine, PurchaseUpload, UploadStatus
from wsr.purchases.services import purchases_ingest

pytestmark = pytest.mark.django_db


def ingest(personas, rows):
    return purchases_ingest(actor=actor(personas.brand_a), program=personas.program, rows=rows, source="api")


def test_lines_are_recorded_with_their_premium(priced):
    fx = priced.facility_x
    result = ingest(
        priced,
        [
            line(1, fx),  # 1000 lb at 1 cent
            line(2, fx, quantity="100", unit="kg", value="80.00"),  # 220.462262... lb -> 220.46 -> 220 cents
            line(3, fx, product="peppers", quantity="10", unit="kg", value="1234.57"),  # 0.5 % of 123457 = 617.285
        ],
    )
    assert result.accepted, result.errors
    assert (result.added, result.unchanged, result.reversed, result.breaches) == (3, 0, 0, 0)
    premiums = dict(PurchaseLine.objects.values_list("line_id", "premium_minor"))
    assert premiums == {"L1": 1000, "L2": 220, "L3": 617}
    l2 = PurchaseLine.objects.get(line_id="L2")
    assert (l2.quantity, l2.unit, l2.value_minor, l2.currency, l2.eligible) == (Decimal("100"), "kg", 8000, "USD", True)
    upload = PurchaseUpload.objects.get()
    assert (upload.status, upload.added) == (UploadStatus.DONE, 3)
    event = Event.objects.get(verb=PurchasesEvent.RECORDED, object_public_id=upload.public_id)
    assert event.data["added"] == 3


def test_resending_changes_nothing_and_a_changed_line_is_reversed(priced):
    fx = priced.facility_x
    ingest(priced, [line(1, fx), line(2, fx)])
    again = ingest(priced, [line(1, fx), line(2, fx)])
    assert (again.added, again.unchanged, again.reversed) == (0, 2, 0)
    assert PurchaseLine.objects.count() == 2
    changed = ingest(priced, [line(1, fx), line(2, fx, quantity="3000")])
    assert (changed.added, changed.unchanged, changed.reversed) == (1, 1, 1)
    rows = PurchaseLine.objects.filter(line_id="L2").order_by("pk")
    assert [(r.quantity, r.premium_minor, r.current, r.reverses_id) for r in rows] == [
        (Decimal("1000"), 1000, False, None),
        (Decimal("-1000"), -1000, False, rows[0].pk),
        (Decimal("3000"), 3000, True, None),
    ]
    assert PurchaseLine.objects.aggregate(s=Sum("premium_minor"))["s"] == 1000 + 3000


def test_one_bad_line_stores_nothing_and_names_line_and_column(priced):
    fx = priced.facility_x
    result = ingest(priced, [line(1, fx), line(2, fx, value="12.345"), line(3, fx, facility="fac_nope")])
    assert not result.accepted
    assert [(e.line, e.column, e.code) for e in result.errors] == [
        (3, "value", "too_many_decimals"),
        (4, "facility", "unknown_facility"),
    ]
    assert "2 decimal places" in result.errors[0].reason
    assert PurchaseLine.objects.count() == 0
    upload = PurchaseUpload.objects.get()
    assert (upload.status, upload.error_count) == (UploadStatus.REFUSED, 2)
    assert upload.errors[0] == {"line": 3, "column": "value", "code": "too_many_decimals", "params": {"places": 2}}
    assert Event.objects.filter(verb=PurchasesEvent.REFUSED, object_public_id=upload.public_id).exists()


def test_a_line_id_twice_in_one_report_is_refused(priced):
    fx = priced.facility_x
    result = ingest(priced, [line(1, fx), line(1, fx, quantity="5")])
    assert [(e.line, e.column, e.code) for e in result.errors] == [(3, "line_id", "repeated_line")]
    assert PurchaseLine.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("quantity", "1e5", "bad_number"),
        ("quantity", "-3", "bad_number"),
        ("quantity", "0", "not_positive"),
        ("quantity", "1.1234567", "too_many_decimals"),
        ("quantity", "9" * 16, "number_too_large"),
        ("quantity", "9" * 100, "number_too_large"),
        ("quantity", "NaN", "bad_number"),
        ("value", "1,000.00", "bad_number"),
        ("value", "12.5 ", "ok"),
        ("date", "2026-02-30", "bad_date"),
        ("date", "01/03/2026", "bad_date"),
        ("date", "2027-03-01", "no_agreement"),
        ("unit", "bushel", "unknown_unit"),
        ("unit", "dozen", "unit_mismatch"),
        ("currency", "EUR", "currency_mismatch"),
        ("currency", "usd", "bad_currency"),
        ("product", "apples", "no_term"),
        ("product", "tom\x00atoes", "bad_text"),
        ("product", "tom\ud800atoes", "bad_text"),
        ("line_id", "x" * 101, "too_long"),
        ("line_id", "", "required"),
    ],
)
def test_each_field_is_checked(priced, field, value, code):
    result = ingest(priced, [line(1, priced.facility_x, **{field: value})])
    if code == "ok":
        assert result.accepted
        return
    assert [(e.line, e.code) for e in result.errors] == [(2, code)]
    assert PurchaseLine.objects.count() == 0


def test_a_facility_outside_the_program_is_refused(priced):
    result = ingest(priced, [line(1, priced.facility_elsewhere)])
    assert [(e.column, e.code) for e in result.errors] == [("facility", "unknown_facility")]


def test_a_purchase_inside_a_suspension_is_a_breach_reported_to_the_monitors(priced):
    fx = priced.facility_x
    standing_history(priced, fx, (at(dt.date(2026, 3, 10)), "suspended"), (at(dt.date(2026, 4, 10)), "participating"))
    result = ingest(
        priced,
        [line(1, fx, date="2026-03-09"), line(2, fx, date="2026-03-10"), line(3, fx, date="2026-04-11")],
    )
    assert (result.added, result.breaches) == (3, 1)
    flags = dict(PurchaseLine.objects.values_list("line_id", "eligible"))
    assert flags == {"L1": True, "L2": False, "L3": True}
    upload = PurchaseUpload.objects.get()
    event = Event.objects.get(verb=PurchasesEvent.BREACH_REPORTED, object_public_id=upload.public_id)
    fact = {"facility": fx.public_id, "lines": 1, "from": "2026-03-10", "to": "2026-03-10"}
    assert event.data["facilities"] == [fact]
    mails = OutboxMessage.objects.filter(kind="purchase_breach")
    assert sorted(m.recipient for m in mails) == sorted([priced.council_admin.email, priced.investigator.email])
    assert fx.public_id in mails[0].body


def test_only_a_brand_reports(priced):
    from wsr.core.errors import CapabilityMissing

    with pytest.raises(CapabilityMissing):
        purchases_ingest(actor=actor(priced.supplier_x), program=priced.program, rows=[], source="api")


def test_a_premium_per_bucket_is_owed_on_pounds(personas):
    from tests.purchases.conftest import agreement_with_terms
    from wsr.agreements.models import PremiumTerm

    agreement = agreement_with_terms(personas, personas.brand_a)
    PremiumTerm.objects.filter(agreement=agreement).update(unit="32-lb bucket", amount_minor_per_unit=32)
    standing_history(personas, personas.facility_x, (at(dt.date(2025, 6, 1)), "participating"))
    fx = personas.facility_x
    result = ingest(
        personas, [line(1, fx, quantity="1001", unit="lb"), line(2, fx, quantity="10", unit="32-lb buckets")]
    )
    assert result.accepted, result.errors
    assert dict(PurchaseLine.objects.values_list("line_id", "premium_minor")) == {"L1": 1001, "L2": 320}
