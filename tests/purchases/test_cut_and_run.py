"""Cut-and-run: a sharp drop in a brand's orders from a facility after probation, an escalation
or a complaint is flagged once, with its event; a steady brand is not."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.purchases.conftest import actor, agreement_with_terms, at, line, standing_history
from wsr.core.models import Event
from wsr.purchases.cut_and_run import cut_and_run_scan, drop_percent
from wsr.purchases.events import PurchasesEvent
from wsr.purchases.models import CutAndRunFlag
from wsr.purchases.selectors import cut_and_run_flags_for_monitor, order_volumes
from wsr.purchases.services import purchases_ingest

pytestmark = pytest.mark.django_db
D = dt.date(2026, 5, 1)  # probation at facility X


def weekly(personas, user, prefix: str, start: dt.date, end: dt.date, value: str) -> None:
    rows = []
    day = start
    while day < end:
        rows.append(line(f"{prefix}-{day.isoformat()}", personas.facility_x, date=day.isoformat(), value=value))
        day += dt.timedelta(days=7)
    result = purchases_ingest(actor=actor(user), program=personas.program, rows=rows, source="api")
    assert result.accepted, result.errors


@pytest.fixture
def two_brands(priced):
    agreement_with_terms(priced, priced.brand_b)
    standing_history(priced, priced.facility_x, (at(D), "probation"))
    window = priced.program.cut_and_run_window_days
    before = D - dt.timedelta(days=window)
    after_end = D + dt.timedelta(days=window)
    with time_machine.travel(dt.datetime(2026, 5, 2, tzinfo=dt.UTC), tick=False):  # the scan after each report
        weekly(priced, priced.brand_a, "A", before, D, "1000.00")  # finds the window still open
        weekly(priced, priced.brand_a, "A", D, after_end, "300.00")  # -70 %
        weekly(priced, priced.brand_b, "B", before, D, "1000.00")
        weekly(priced, priced.brand_b, "B", D, after_end, "900.00")  # -10 %: steady
    assert not CutAndRunFlag.objects.exists()
    return priced


def test_a_sharp_drop_after_probation_is_flagged_and_a_steady_brand_is_not(two_brands):
    personas = two_brands
    window = personas.program.cut_and_run_window_days
    assert cut_and_run_scan(program=personas.program, today=D + dt.timedelta(days=window - 1)) == []  # window open
    flags = cut_and_run_scan(program=personas.program, today=D + dt.timedelta(days=window))
    assert [(f.brand_id, f.facility_id, f.trigger, f.trigger_on) for f in flags] == [
        (personas.brand_a.organisation_id, personas.facility_x.pk, "enforcement", D)
    ]
    flag = flags[0]
    assert flag.drop_percent == drop_percent(flag.before_minor, flag.after_minor) >= 50
    assert flag.before_minor == 13 * 100000 and flag.after_minor == 13 * 30000
    event = Event.objects.get(verb=PurchasesEvent.CUT_AND_RUN_FLAGGED, object_public_id=flag.public_id)
    assert event.data["brand"] == personas.brand_a.organisation.public_id
    assert cut_and_run_scan(program=personas.program, today=D + dt.timedelta(days=window + 5)) == []  # once
    assert CutAndRunFlag.objects.count() == 1
    views = cut_and_run_flags_for_monitor(actor=actor(personas.investigator), program=personas.program)
    assert views[0].agreement is not None and views[0].agreement.brand_id == personas.brand_a.organisation_id


def test_no_flag_when_the_facility_was_suspended_in_the_window(two_brands):
    personas = two_brands
    standing_history(personas, personas.facility_x, (at(D + dt.timedelta(days=20)), "suspended"))
    window = personas.program.cut_and_run_window_days
    assert cut_and_run_scan(program=personas.program, today=D + dt.timedelta(days=window)) == []


def test_drop_percent():
    assert drop_percent(1000, 500) == 50
    assert drop_percent(1000, 501) == 49
    assert drop_percent(0, 0) == 0
    assert drop_percent(1000, 2000) == 0


def test_order_volumes_per_month_net_of_corrections(priced):
    fx = priced.facility_x
    ingest = lambda rows: purchases_ingest(  # noqa: E731
        actor=actor(priced.brand_a), program=priced.program, rows=rows, source="api"
    )
    ingest([line(1, fx, date="2026-03-01", value="100.00"), line(2, fx, date="2026-04-02", value="50.00")])
    ingest([line(1, fx, date="2026-03-01", value="120.00"), line(2, fx, date="2026-04-02", value="50.00")])
    volumes = order_volumes(program=priced.program, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert [(v.month, v.value_minor, v.lines) for v in volumes] == [
        (dt.date(2026, 3, 1), 12000, 1),
        (dt.date(2026, 4, 1), 5000, 1),
    ]


def test_the_scan_runs_after_each_recorded_report(two_brands):
    personas = two_brands
    later = D + dt.timedelta(days=personas.program.cut_and_run_window_days + 1)
    with time_machine.travel(dt.datetime.combine(later, dt.time(9), tzinfo=dt.UTC), tick=False):
        weekly(personas, personas.brand_b, "B2", later, later + dt.timedelta(days=1), "10.00")
    assert list(CutAndRunFlag.objects.values_list("brand_id", flat=True)) == [personas.brand_a.organisation_id]


def test_the_daily_sweep_raises_the_flag_once_the_window_has_ended(two_brands):
    from wsr.purchases.cut_and_run import cut_and_run_sweep

    window = two_brands.program.cut_and_run_window_days
    end = dt.datetime.combine(D + dt.timedelta(days=window), dt.time(3), tzinfo=dt.UTC)
    with time_machine.travel(end, tick=False):
        cut_and_run_sweep()
        cut_and_run_sweep()
    assert list(CutAndRunFlag.objects.values_list("brand_id", flat=True)) == [two_brands.brand_a.organisation_id]
