"""Reconciliation rules on constructed data: each fires on its case and nowhere else; the DuckDB
path answers exactly as the SQL path; findings are rows with events, cleared when settled."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.ledger.conftest import distribute, line, pay
from wsr.accounts.selectors import actor_for_user
from wsr.core.models import Event
from wsr.ledger.events import LedgerEvent
from wsr.ledger.models import Finding, FindingRule, FindingStatus
from wsr.ledger.reconcile import evaluate, monthly, reconciliation_run, reconciliation_table

pytestmark = pytest.mark.django_db

D = dt.date
NOW = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)


def _settled(p, brand, facility):
    """Owed, paid on time and distributed within the pay periods: no rule may fire."""
    line(p, brand, facility, on=D(2026, 3, 3), premium=10_000)
    pay(p, brand, facility, amount=10_000, on=D(2026, 3, 25))
    distribute(p, brand, facility, start=D(2026, 3, 30), end=D(2026, 4, 12), amount=9_600, admin=400)


@time_machine.travel(NOW, tick=False)
def test_settled_books_raise_nothing(ledger_personas):
    p = ledger_personas
    _settled(p, p.brand_a, p.facility_x)
    _settled(p, p.brand_b, p.facility_y)

    assert evaluate(p.program, today=NOW.date(), engine="sql") == []


@time_machine.travel(NOW, tick=False)
def test_unpaid_premium_fires_after_the_payment_window_only(ledger_personas):
    p = ledger_personas
    _settled(p, p.brand_b, p.facility_y)
    line(p, p.brand_a, p.facility_x, on=D(2026, 4, 1), premium=5_000)  # April: due 30 days after its end
    line(p, p.brand_a, p.facility_x, on=D(2026, 5, 20), premium=7_000)  # May: not due yet
    pay(p, p.brand_a, p.facility_x, amount=3_000, on=D(2026, 4, 20))  # short for April
    pay(p, p.brand_a, p.facility_x, amount=7_000, on=D(2026, 6, 10), period=D(2026, 5, 1))  # May's cannot cover it
    distribute(p, p.brand_a, p.facility_x, start=D(2026, 4, 20), end=D(2026, 5, 3), amount=3_000)
    distribute(p, p.brand_a, p.facility_x, start=D(2026, 6, 15), end=D(2026, 6, 28), amount=7_000)

    found = evaluate(p.program, today=NOW.date(), engine="sql")

    assert [(f.rule, f.brand_id, f.amount, f.since) for f in found] == [
        (FindingRule.UNPAID, p.brand_a.organisation_id, 2_000, D(2026, 5, 30))
    ]


@time_machine.travel(NOW, tick=False)
def test_undistributed_premium_fires_after_the_pay_periods_only(ledger_personas):
    p = ledger_personas
    _settled(p, p.brand_b, p.facility_y)
    line(p, p.brand_a, p.facility_x, on=D(2026, 3, 1), premium=8_000)
    pay(p, p.brand_a, p.facility_x, amount=8_000, on=D(2026, 3, 20))
    distribute(p, p.brand_a, p.facility_x, start=D(2026, 3, 23), end=D(2026, 4, 5), amount=5_000)

    found = evaluate(p.program, today=NOW.date(), engine="sql")

    # two 14-day pay periods after 2026-03-20
    assert [(f.rule, f.amount, f.since) for f in found] == [(FindingRule.UNDISTRIBUTED, 3_000, D(2026, 4, 17))]


@time_machine.travel(NOW, tick=False)
def test_admin_share_over_the_limit_fires_on_the_audited_payroll_only(ledger_personas):
    p = ledger_personas
    _settled(p, p.brand_b, p.facility_y)  # 400 of 10,000: 4 %, within the 5 % default
    line(p, p.brand_a, p.facility_x, on=D(2026, 3, 1), premium=10_000)
    pay(p, p.brand_a, p.facility_x, amount=10_000, on=D(2026, 3, 20))
    distribute(p, p.brand_a, p.facility_x, start=D(2026, 3, 23), end=D(2026, 4, 5), amount=8_800, admin=1_200,
               audited=True)  # fmt: skip

    found = evaluate(p.program, today=NOW.date(), engine="sql")

    assert [(f.rule, f.brand_id, f.amount) for f in found] == [
        (FindingRule.ADMIN_SHARE, p.brand_a.organisation_id, 700)  # 1,200 kept, 500 allowed
    ]


@time_machine.travel(NOW, tick=False)
def test_ineligible_purchases_fire_unless_reversed(ledger_personas):
    p = ledger_personas
    _settled(p, p.brand_a, p.facility_x)
    bad = line(p, p.brand_b, p.facility_y, on=D(2026, 6, 1), premium=0, eligible=False)
    corrected = line(p, p.brand_b, p.facility_y, on=D(2026, 6, 2), premium=0, eligible=False)
    line(p, p.brand_b, p.facility_y, on=D(2026, 6, 2), premium=0, eligible=False, reverses=corrected)

    found = evaluate(p.program, today=NOW.date(), engine="sql")

    assert [(f.rule, f.brand_id, f.lines, f.since) for f in found] == [
        (FindingRule.INELIGIBLE, p.brand_b.organisation_id, 1, bad.date)
    ]


@time_machine.travel(NOW, tick=False)
def test_the_duckdb_path_answers_exactly_as_sql(ledger_personas):
    p = ledger_personas
    _settled(p, p.brand_a, p.facility_x)
    for day in range(1, 28):
        line(p, p.brand_b, p.facility_y, on=D(2026, 5, day), premium=day * 37, eligible=day != 13)
    reversed_ = line(p, p.brand_b, p.facility_y, on=D(2026, 5, 2), premium=99)
    line(p, p.brand_b, p.facility_y, on=D(2026, 5, 2), premium=-99, reverses=reversed_)

    assert monthly(p.program, engine="duckdb") == monthly(p.program, engine="sql")
    assert evaluate(p.program, today=NOW.date(), engine="duckdb") == evaluate(p.program, today=NOW.date(), engine="sql")
    # lines added later reach the mirror on the next read
    line(p, p.brand_a, p.facility_x, on=D(2026, 6, 1), premium=1)
    assert monthly(p.program, engine="duckdb") == monthly(p.program, engine="sql")
    assert reconciliation_table(p.program, engine="duckdb") == reconciliation_table(p.program, engine="sql")


@time_machine.travel(NOW, tick=False)
def test_a_run_raises_findings_with_events_and_clears_them_when_settled(ledger_personas):
    p = ledger_personas
    monitor = actor_for_user(p.council_admin)
    line(p, p.brand_a, p.facility_x, on=D(2026, 4, 1), premium=5_000)

    first = reconciliation_run(actor=monitor, program=p.program)
    finding = Finding.objects.get(public_id=first.raised[0])
    assert (finding.rule, finding.status, finding.amount_minor) == (FindingRule.UNPAID, FindingStatus.OPEN, 5_000)
    assert Event.objects.get(object_public_id=finding.public_id).verb == LedgerEvent.FINDING_RAISED

    pay(p, p.brand_a, p.facility_x, amount=5_000, on=D(2026, 6, 29), period=D(2026, 4, 1))
    second = reconciliation_run(actor=monitor, program=p.program)

    finding.refresh_from_db()
    assert second.cleared == [finding.public_id]
    assert finding.status == FindingStatus.CLEARED
    assert Event.objects.filter(object_public_id=finding.public_id).latest("id").verb == LedgerEvent.FINDING_CLEARED


@time_machine.travel(NOW, tick=False)
def test_the_table_shows_running_differences_per_month(ledger_personas):
    p = ledger_personas
    line(p, p.brand_a, p.facility_x, on=D(2026, 3, 3), premium=10_000)
    pay(p, p.brand_a, p.facility_x, amount=6_000, on=D(2026, 4, 2))

    rows = reconciliation_table(p.program, engine="sql")

    assert [(r.period, r.owed, r.paid, r.unpaid_balance, r.undistributed_balance) for r in rows] == [
        ("2026-03", 10_000, 0, 10_000, 0),
        ("2026-04", 0, 6_000, 4_000, 6_000),
    ]


@time_machine.travel(NOW, tick=False)
def test_the_periodic_sweep_reconciles_every_program_with_lines(ledger_personas, settings):
    from wsr.ledger.reconcile import reconciliation_sweep

    p = ledger_personas
    line(p, p.brand_b, p.facility_y, on=D(2026, 6, 1), premium=0, eligible=False)

    assert reconciliation_sweep() == 1
    finding = Finding.objects.get(program=p.program)
    assert finding.rule == FindingRule.INELIGIBLE
    event = Event.objects.get(object_public_id=finding.public_id)
    assert (event.verb, event.actor_label) == (LedgerEvent.FINDING_RAISED, "reconciliation sweep")
    assert settings.WSR_PERIODIC_TASKS["ledger.reconcile"][0] == "wsr.ledger.reconcile.reconciliation_sweep"


@time_machine.travel(NOW, tick=False)
def test_auto_falls_back_to_sql_when_the_mirror_is_locked(ledger_personas, settings, monkeypatch):
    import duckdb

    from wsr.ledger import columnar

    p = ledger_personas
    line(p, p.brand_a, p.facility_x, on=D(2026, 5, 1), premium=777)
    settings.WSR_LEDGER_DUCKDB_MIN_LINES = 0  # every program counts as large: "auto" picks DuckDB

    def locked(*args, **kwargs):
        raise duckdb.IOException("Could not set lock on file")

    monkeypatch.setattr(columnar, "monthly", locked)
    assert [m.owed for m in monthly(p.program)] == [777]
    with pytest.raises(duckdb.IOException):
        monthly(p.program, engine="duckdb")
