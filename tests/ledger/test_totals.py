"""premium_totals: owed = paid = distributed on constructed data, reversals net out, scope filters."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.ledger.conftest import distribute, line, pay
from wsr.ledger.selectors import PremiumTotals, premium_totals

pytestmark = pytest.mark.django_db

D = dt.date


@time_machine.travel(dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC), tick=False)
def test_owed_paid_distributed_agree_when_everything_is_settled(ledger_personas):
    p = ledger_personas
    line(p, p.brand_a, p.facility_x, on=D(2026, 3, 3), premium=12_345)
    line(p, p.brand_a, p.facility_x, on=D(2026, 3, 20), premium=655)
    pay(p, p.brand_a, p.facility_x, amount=13_000, on=D(2026, 4, 10))
    distribute(p, p.brand_a, p.facility_x, start=D(2026, 4, 13), end=D(2026, 4, 26), amount=13_000)

    totals = premium_totals(program=p.program, start=D(2026, 1, 1), end=D(2026, 6, 30))

    assert totals == PremiumTotals(13_000, 13_000, 13_000, "USD")


@time_machine.travel(dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC), tick=False)
def test_a_reversed_line_no_longer_counts_as_owed(ledger_personas):
    p = ledger_personas
    first = line(p, p.brand_a, p.facility_x, on=D(2026, 3, 3), premium=5_000)
    line(p, p.brand_a, p.facility_x, on=D(2026, 3, 3), premium=-5_000, reverses=first)
    line(p, p.brand_a, p.facility_x, on=D(2026, 3, 3), premium=4_000)

    assert premium_totals(program=p.program, start=D(2026, 3, 1), end=D(2026, 3, 31)).owed_minor == 4_000


@time_machine.travel(dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC), tick=False)
def test_totals_are_scoped_by_brand_facility_and_dates(ledger_personas):
    p = ledger_personas
    line(p, p.brand_a, p.facility_x, on=D(2026, 3, 3), premium=1_000)
    line(p, p.brand_b, p.facility_y, on=D(2026, 3, 4), premium=2_000)
    line(p, p.brand_b, p.facility_y, on=D(2026, 5, 4), premium=4_000)
    pay(p, p.brand_b, p.facility_y, amount=2_000, on=D(2026, 3, 30))
    pay(p, p.brand_a, p.facility_x, amount=700, on=D(2026, 3, 30), confirm=False)  # unconfirmed: not paid

    march = {"program": p.program, "start": D(2026, 3, 1), "end": D(2026, 3, 31)}
    assert premium_totals(**march) == PremiumTotals(3_000, 2_000, 0, "USD")
    assert premium_totals(**march, brand=p.brand_a.organisation) == PremiumTotals(1_000, 0, 0, "USD")
    assert premium_totals(**march, facility=p.facility_y) == PremiumTotals(2_000, 2_000, 0, "USD")
    assert premium_totals(program=p.program, start=D(2026, 1, 1), end=D(2026, 12, 31)).owed_minor == 7_000


def test_an_empty_program_owes_nothing_in_its_currency(ledger_personas):
    p = ledger_personas
    assert premium_totals(program=p.program, start=D(2026, 1, 1), end=D(2026, 12, 31)) == PremiumTotals(
        0, 0, 0, p.program.currency
    )
