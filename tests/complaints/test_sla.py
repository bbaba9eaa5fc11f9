from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import time_machine
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wsr.complaints.sla import (
    CaseEvent,
    ClockName,
    ClockState,
    EventKind,
    SlaInputError,
    SlaRules,
    compute_sla,
    is_severe,
)

K = EventKind
RULES = SlaRules()  # DOMAIN.md defaults: ack 24/48 h, investigate 2/10 d, resolve 14 d, interim 14 d
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


def ev(kind: EventKind, at: dt.datetime) -> CaseEvent:
    return CaseEvent(kind, at)


def clock(events, name, *, now, severe=False, rules=RULES):
    return compute_sla(rules, events, severe=severe, now=now).clocks[name]


RECEIVED = [ev(K.RECEIVED, T0)]


# --- deadlines, severity -----------------------------------------------------------------------


def test_standard_deadlines_follow_the_rules():
    report = compute_sla(RULES, RECEIVED, severe=False, now=T0)
    assert report.clocks[ClockName.ACKNOWLEDGE].deadline == T0 + 48 * H
    assert report.clocks[ClockName.INVESTIGATE].deadline == T0 + 10 * D
    assert report.clocks[ClockName.RESOLVE].deadline == T0 + 14 * D
    assert report.clocks[ClockName.INTERIM_UPDATE].deadline == T0 + 14 * D
    assert report.next_deadline == T0 + 48 * H
    assert all(c.state == ClockState.OK and c.running for c in report.clocks.values())


def test_severe_cases_get_the_short_deadlines():
    report = compute_sla(RULES, RECEIVED, severe=True, now=T0)
    assert report.clocks[ClockName.ACKNOWLEDGE].deadline == T0 + 24 * H
    assert report.clocks[ClockName.INVESTIGATE].deadline == T0 + 2 * D
    assert report.clocks[ClockName.RESOLVE].deadline == T0 + 14 * D


def test_severity_is_zero_tolerance_retaliation_or_imminent_danger():
    assert is_severe(tier="zero_tolerance", category="wages_hours", imminent_danger=False)
    assert is_severe(tier=None, category="retaliation", imminent_danger=False)
    assert is_severe(tier="minor", category="housing", imminent_danger=True)
    assert not is_severe(tier="serious", category="health_safety", imminent_danger=False)
    assert not is_severe(tier=None, category="other", imminent_danger=False)


def test_rules_come_from_a_program_like_object_and_changes_replay():
    program = dataclasses.replace(RULES, sla_ack_hours_standard=72, sla_resolve_days=30)
    rules = SlaRules.from_program(program)
    events = [*RECEIVED, ev(K.ACKNOWLEDGED, T0 + 60 * H)]
    before = compute_sla(RULES, events, severe=False, now=T0 + 70 * H)
    after = compute_sla(rules, events, severe=False, now=T0 + 70 * H)
    assert before.clocks[ClockName.ACKNOWLEDGE].state == ClockState.BREACHED
    assert after.clocks[ClockName.ACKNOWLEDGE].state == ClockState.MET
    assert after.clocks[ClockName.ACKNOWLEDGE].deadline == T0 + 72 * H
    assert after.clocks[ClockName.RESOLVE].deadline == T0 + 30 * D
    assert compute_sla(rules, events, severe=False, now=T0 + 70 * H) == after  # deterministic


# --- warnings, breach, met ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "state"),
    [
        (0, ClockState.OK),
        (23.99, ClockState.OK),
        (24, ClockState.WARNING_50),
        (35.99, ClockState.WARNING_50),
        (36, ClockState.WARNING_75),
        (43.19, ClockState.WARNING_75),
        (43.2, ClockState.WARNING_90),
        (48, ClockState.WARNING_90),  # at the deadline itself: not yet late
        (48.01, ClockState.BREACHED),
        (500, ClockState.BREACHED),
    ],
)
def test_warnings_at_50_75_and_90_percent_then_breach(hours, state):
    status = clock(RECEIVED, ClockName.ACKNOWLEDGE, now=T0 + dt.timedelta(hours=hours))
    assert status.state == state
    assert status.percent_used == pytest.approx(100 * hours / 48, abs=0.01)
    assert status.breaches == (1 if state == ClockState.BREACHED else 0)


def test_a_clock_stopped_in_time_is_met_and_a_late_one_stays_breached():
    on_time = [*RECEIVED, ev(K.ACKNOWLEDGED, T0 + 47 * H)]
    late = [*RECEIVED, ev(K.ACKNOWLEDGED, T0 + 49 * H)]
    later = T0 + 30 * D
    met = clock(on_time, ClockName.ACKNOWLEDGE, now=later)
    assert (met.state, met.running, met.stopped_at) == (ClockState.MET, False, T0 + 47 * H)
    assert met.elapsed == 47 * H
    breached = clock(late, ClockName.ACKNOWLEDGE, now=later)
    assert (breached.state, breached.breaches) == (ClockState.BREACHED, 1)
    assert compute_sla(RULES, late, severe=False, now=later).breached == [
        ClockName.ACKNOWLEDGE,
        ClockName.INVESTIGATE,
        ClockName.RESOLVE,
        ClockName.INTERIM_UPDATE,
    ]


def test_resolution_stops_every_clock():
    events = [*RECEIVED, ev(K.ACKNOWLEDGED, T0 + H), ev(K.INVESTIGATION_STARTED, T0 + D), ev(K.RESOLVED, T0 + 6 * D)]
    report = compute_sla(RULES, events, severe=False, now=T0 + 60 * D)
    assert {c.state for c in report.clocks.values()} == {ClockState.MET}
    assert report.next_deadline is None
    assert report.clocks[ClockName.RESOLVE].elapsed == 6 * D
    # Closing after resolving changes nothing.
    closed = compute_sla(RULES, [*events, ev(K.CLOSED, T0 + 20 * D)], severe=False, now=T0 + 60 * D)
    assert closed.clocks == report.clocks


def test_a_case_closed_before_acknowledgement_stops_the_acknowledge_clock():
    events = [*RECEIVED, ev(K.CLOSED, T0 + 10 * H)]
    status = clock(events, ClockName.ACKNOWLEDGE, now=T0 + 5 * D)
    assert (status.state, status.stopped_at) == (ClockState.MET, T0 + 10 * H)


# --- pauses ------------------------------------------------------------------------------------


def test_a_pause_extends_every_running_deadline_by_exactly_its_length():
    pause = 3 * D + 7 * H + dt.timedelta(minutes=13, seconds=5)
    events = [
        *RECEIVED,
        ev(K.ACKNOWLEDGED, T0 + 2 * H),
        ev(K.AWAITING_COMPLAINANT_STARTED, T0 + 5 * D),
        ev(K.AWAITING_COMPLAINANT_ENDED, T0 + 5 * D + pause),
    ]
    report = compute_sla(RULES, events, severe=False, now=T0 + 9 * D)
    assert report.clocks[ClockName.ACKNOWLEDGE].deadline == T0 + 48 * H  # stopped before the pause
    assert report.clocks[ClockName.INVESTIGATE].deadline == T0 + 10 * D + pause
    assert report.clocks[ClockName.RESOLVE].deadline == T0 + 14 * D + pause
    assert report.clocks[ClockName.INTERIM_UPDATE].deadline == T0 + 14 * D + pause
    assert report.clocks[ClockName.RESOLVE].elapsed == 9 * D - pause
    assert not report.paused


def test_while_paused_the_clock_stands_still_and_the_deadline_moves_with_now():
    events = [*RECEIVED, ev(K.AWAITING_COMPLAINANT_STARTED, T0 + 4 * D)]
    first = clock(events, ClockName.RESOLVE, now=T0 + 5 * D)
    second = clock(events, ClockName.RESOLVE, now=T0 + 40 * D)
    assert first.paused and second.paused
    assert first.elapsed == second.elapsed == 4 * D
    assert first.state == second.state == ClockState.OK
    assert first.deadline == T0 + 15 * D
    assert second.deadline == T0 + 50 * D
    assert compute_sla(RULES, events, severe=False, now=T0 + 40 * D).paused


def test_only_awaiting_the_complainant_pauses_and_repeated_signals_are_harmless():
    events = [
        *RECEIVED,
        ev(K.AWAITING_COMPLAINANT_ENDED, T0 + D),  # not paused: ignored
        ev(K.AWAITING_COMPLAINANT_STARTED, T0 + 2 * D),
        ev(K.AWAITING_COMPLAINANT_STARTED, T0 + 3 * D),  # already paused: ignored
        ev(K.AWAITING_COMPLAINANT_ENDED, T0 + 4 * D),
        ev(K.AWAITING_COMPLAINANT_ENDED, T0 + 5 * D),  # ignored
    ]
    assert clock(events, ClockName.RESOLVE, now=T0 + 6 * D).deadline == T0 + 16 * D


def test_a_deadline_that_falls_before_a_pause_is_not_moved_by_it():
    events = [*RECEIVED, ev(K.AWAITING_COMPLAINANT_STARTED, T0 + 3 * D), ev(K.AWAITING_COMPLAINANT_ENDED, T0 + 6 * D)]
    status = clock(events, ClockName.ACKNOWLEDGE, now=T0 + 7 * D)
    assert status.deadline == T0 + 48 * H
    assert status.state == ClockState.BREACHED
    assert status.elapsed == 4 * D  # 7 days minus the 3-day pause


def test_several_pauses_add_up():
    events = [*RECEIVED]
    for day in (1, 3, 5):
        events += [
            ev(K.AWAITING_COMPLAINANT_STARTED, T0 + day * D),
            ev(K.AWAITING_COMPLAINANT_ENDED, T0 + day * D + 6 * H),
        ]
    assert clock(events, ClockName.RESOLVE, now=T0 + 8 * D).deadline == T0 + 14 * D + 18 * H


def test_a_pause_open_at_resolution_ends_with_it():
    events = [*RECEIVED, ev(K.AWAITING_COMPLAINANT_STARTED, T0 + 10 * D), ev(K.CLOSED, T0 + 20 * D)]
    status = clock(events, ClockName.RESOLVE, now=T0 + 30 * D)
    assert (status.state, status.elapsed, status.paused) == (ClockState.MET, 10 * D, False)


# --- interim updates ---------------------------------------------------------------------------


def test_each_update_to_the_complainant_restarts_the_interim_clock():
    events = [*RECEIVED, ev(K.COMPLAINANT_UPDATE_SENT, T0 + 10 * D), ev(K.COMPLAINANT_UPDATE_SENT, T0 + 20 * D)]
    status = clock(events, ClockName.INTERIM_UPDATE, now=T0 + 30 * D)
    assert status.started_at == T0 + 20 * D
    assert status.deadline == T0 + 34 * D
    assert status.elapsed == 10 * D
    assert (status.state, status.breaches) == (ClockState.WARNING_50, 0)


def test_a_late_update_counts_a_breach_and_still_restarts_the_clock():
    events = [*RECEIVED, ev(K.COMPLAINANT_UPDATE_SENT, T0 + 16 * D)]
    status = clock(events, ClockName.INTERIM_UPDATE, now=T0 + 17 * D)
    assert status.state == ClockState.OK
    assert status.deadline == T0 + 30 * D
    assert status.breaches == 1


def test_an_update_during_a_pause_restarts_the_clock_after_the_pause():
    events = [
        *RECEIVED,
        ev(K.AWAITING_COMPLAINANT_STARTED, T0 + 13 * D),
        ev(K.COMPLAINANT_UPDATE_SENT, T0 + 20 * D),  # 13 active days: in time
        ev(K.AWAITING_COMPLAINANT_ENDED, T0 + 22 * D),
    ]
    status = clock(events, ClockName.INTERIM_UPDATE, now=T0 + 23 * D)
    assert status.breaches == 0
    assert status.elapsed == D
    assert status.deadline == T0 + 36 * D


def test_the_interim_update_interval_is_a_rule():
    rules = dataclasses.replace(RULES, sla_interim_update_days=7)
    events = [*RECEIVED, ev(K.COMPLAINANT_UPDATE_SENT, T0 + 6 * D)]
    assert clock(events, ClockName.INTERIM_UPDATE, now=T0 + 7 * D, rules=rules).deadline == T0 + 13 * D


# --- reopening ---------------------------------------------------------------------------------


def test_a_reopened_case_gets_a_new_resolve_period_and_keeps_its_breach_count():
    events = [
        *RECEIVED,
        ev(K.ACKNOWLEDGED, T0 + H),
        ev(K.INVESTIGATION_STARTED, T0 + D),
        ev(K.CLOSED, T0 + 20 * D),  # 6 days late
        ev(K.REOPENED, T0 + 40 * D),
    ]
    report = compute_sla(RULES, events, severe=False, now=T0 + 41 * D)
    resolve = report.clocks[ClockName.RESOLVE]
    assert (resolve.started_at, resolve.deadline, resolve.running) == (T0 + 40 * D, T0 + 54 * D, True)
    assert (resolve.state, resolve.breaches) == (ClockState.OK, 1)
    assert report.clocks[ClockName.ACKNOWLEDGE].state == ClockState.MET
    assert report.clocks[ClockName.INVESTIGATE].state == ClockState.MET
    assert report.clocks[ClockName.INTERIM_UPDATE].started_at == T0 + 40 * D
    assert report.next_deadline == T0 + 54 * D


def test_events_of_a_closed_case_before_reopening_do_not_move_the_clocks():
    events = [*RECEIVED, ev(K.CLOSED, T0 + D), ev(K.AWAITING_COMPLAINANT_STARTED, T0 + 2 * D)]
    report = compute_sla(RULES, events, severe=False, now=T0 + 30 * D)
    assert not report.paused
    assert report.next_deadline is None


# --- input and time ----------------------------------------------------------------------------


def test_events_after_now_are_ignored_and_order_of_input_does_not_matter():
    events = [ev(K.ACKNOWLEDGED, T0 + 30 * H), *RECEIVED]
    at_20h = clock(events, ClockName.ACKNOWLEDGE, now=T0 + 20 * H)
    assert (at_20h.running, at_20h.state) == (True, ClockState.OK)
    assert clock(events, ClockName.ACKNOWLEDGE, now=T0 + 40 * H).state == ClockState.MET


@pytest.mark.parametrize(
    "events",
    [
        [],
        [ev(K.ACKNOWLEDGED, T0)],
        [ev(K.ACKNOWLEDGED, T0 - H), *RECEIVED],
        [*RECEIVED, ev(K.RECEIVED, T0 + H)],
        [ev(K.RECEIVED, T0.replace(tzinfo=None))],
    ],
)
def test_events_that_cannot_describe_a_case_are_refused(events):
    with pytest.raises(SlaInputError):
        compute_sla(RULES, events, severe=False, now=T0 + D)


def test_a_naive_now_or_a_now_before_receipt_is_refused():
    with pytest.raises(SlaInputError):
        compute_sla(RULES, RECEIVED, severe=False, now=T0.replace(tzinfo=None))
    with pytest.raises(SlaInputError):
        compute_sla(RULES, RECEIVED, severe=False, now=T0 - H)


def test_the_sweep_sees_the_clock_advance_with_time():
    """What the periodic sweep does: compute at the real "now", which time travel moves."""
    events = [*RECEIVED, ev(K.AWAITING_COMPLAINANT_STARTED, T0 + 6 * H), ev(K.AWAITING_COMPLAINANT_ENDED, T0 + 18 * H)]
    seen = []
    with time_machine.travel(T0, tick=False) as traveller:
        for hours in (30, 12, 6, 12):  # to 30 h, 42 h, 48 h, 60 h
            traveller.shift(dt.timedelta(hours=hours))
            seen.append(clock(events, ClockName.ACKNOWLEDGE, now=dt.datetime.now(dt.UTC)).state)
    # 48 h budget, 12 h paused: active 18 h, 30 h, 36 h, 48 h.
    assert seen == [ClockState.OK, ClockState.WARNING_50, ClockState.WARNING_75, ClockState.WARNING_90]
    with time_machine.travel(T0 + 60 * H + dt.timedelta(seconds=1), tick=False):
        assert clock(events, ClockName.ACKNOWLEDGE, now=dt.datetime.now(dt.UTC)).state == ClockState.BREACHED


@settings(max_examples=200, deadline=None)
@given(
    gaps=st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 5000)), max_size=6),
    budget_hours=st.integers(1, 400),
)
def test_at_the_deadline_exactly_the_budget_is_used_whatever_the_pauses(gaps, budget_hours):
    """Pauses (minutes of running time, then minutes paused, repeated) never eat into the budget."""
    events, t = [*RECEIVED], T0
    for running, paused in gaps:
        t += dt.timedelta(minutes=running)
        events.append(ev(K.AWAITING_COMPLAINANT_STARTED, t))
        t += dt.timedelta(minutes=paused)
        events.append(ev(K.AWAITING_COMPLAINANT_ENDED, t))
    rules = dataclasses.replace(RULES, sla_ack_hours_standard=budget_hours)
    horizon = t + dt.timedelta(hours=budget_hours + 1)
    deadline = clock(events, ClockName.ACKNOWLEDGE, now=horizon, rules=rules).deadline
    at_deadline = clock(events, ClockName.ACKNOWLEDGE, now=deadline, rules=rules)
    assert at_deadline.elapsed == dt.timedelta(hours=budget_hours)
    assert at_deadline.deadline == deadline
    assert at_deadline.state == ClockState.WARNING_90
    # If the budget runs out at the very instant a pause begins, the clock stands still there.
    pause_starts = {e.at for e in events if e.kind == K.AWAITING_COMPLAINANT_STARTED}
    assume(deadline not in pause_starts)
    just_after = clock(events, ClockName.ACKNOWLEDGE, now=deadline + dt.timedelta(microseconds=1), rules=rules)
    assert just_after.state == ClockState.BREACHED
    paused_total = sum((dt.timedelta(minutes=p) for r, p in gaps), dt.timedelta())
    assert deadline - T0 - dt.timedelta(hours=budget_hours) <= paused_total
