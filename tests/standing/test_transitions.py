"""Standing and escalation rules without a database: every allowed and refused move."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from wsr.core.errors import CapabilityMissing, TransitionNotAllowed
from wsr.standing import transitions as t
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.transitions import Facts, Grounds, Stage, StageFacts, Standing, StandingRefused

MONITOR = frozenset({SC.DECIDE, SC.ESCALATE})
TODAY = dt.date(2026, 6, 1)
GOOD = Facts(
    today=TODAY,
    onboarding_audit_passed=True,
    overdue_serious_caps=0,
    suspended_on=TODAY - dt.timedelta(days=90),
    suspension_minimum_days=90,
    unverified_caps=0,
    reentry_audit_passed=True,
)
# The facts each allowed move needs (the rest of GOOD is harmless to it).
MOVE_IDS = [f"{a}->{b}" for a, b in t.MOVES]
FACTS_FOR = {(Standing.PARTICIPATING, Standing.PROBATION): Facts(today=TODAY, overdue_serious_caps=1)}


def _check(current, target, grounds, facts=GOOD, held=MONITOR, reason="published reason"):
    t.check_move(current, target, held, grounds=grounds, facts=facts, reason=reason)


@pytest.mark.parametrize(("move", "spec"), list(t.MOVES.items()), ids=MOVE_IDS)
def test_every_allowed_move_passes_with_each_of_its_grounds(move, spec):
    current, target = move
    for grounds in spec.grounds:
        _check(current, target, grounds, facts=FACTS_FOR.get(move, GOOD))


@pytest.mark.parametrize(("current", "target"), list(itertools.product(Standing, Standing)))
def test_every_move_not_in_the_table_is_refused(current, target):
    if (current, target) in t.MOVES:
        return
    with pytest.raises(TransitionNotAllowed):
        _check(current, target, Grounds.MONITOR_DECISION)


@pytest.mark.parametrize(("move", "spec"), list(t.MOVES.items()), ids=MOVE_IDS)
def test_every_move_needs_the_decide_capability(move, spec):
    with pytest.raises(CapabilityMissing):
        _check(*move, next(iter(spec.grounds)), held=frozenset({SC.OBJECT, SC.VIEW_ALL}))


@pytest.mark.parametrize(("move", "spec"), list(t.MOVES.items()), ids=MOVE_IDS)
def test_every_move_refuses_grounds_it_does_not_accept(move, spec):
    for grounds in set(Grounds) - spec.grounds:
        with pytest.raises(StandingRefused) as refused:
            _check(*move, grounds)
        assert refused.value.code == t.GROUNDS_NOT_ACCEPTED


def test_a_decision_without_a_reason_is_refused():
    with pytest.raises(StandingRefused) as refused:
        _check(Standing.PARTICIPATING, Standing.SUSPENDED, Grounds.ZERO_TOLERANCE, reason="  ")
    assert refused.value.code == t.REASON_REQUIRED


def test_admission_needs_a_passed_onboarding_audit():
    with pytest.raises(StandingRefused) as refused:
        _check(Standing.APPLICANT, Standing.PARTICIPATING, Grounds.ONBOARDING_AUDIT, facts=Facts(today=TODAY))
    assert refused.value.code == t.ONBOARDING_AUDIT_MISSING


def test_probation_for_overdue_caps_needs_an_overdue_serious_item():
    with pytest.raises(StandingRefused) as refused:
        _check(Standing.PARTICIPATING, Standing.PROBATION, Grounds.OVERDUE_CAP, facts=Facts(today=TODAY))
    assert refused.value.code == t.NO_OVERDUE_SERIOUS_CAP
    # an escalation stage is grounds of its own
    _check(Standing.PARTICIPATING, Standing.PROBATION, Grounds.ESCALATION, facts=Facts(today=TODAY))


def test_probation_is_lifted_only_when_no_serious_item_is_overdue():
    with pytest.raises(StandingRefused) as refused:
        _check(
            Standing.PROBATION,
            Standing.PARTICIPATING,
            Grounds.REMEDIED,
            facts=Facts(today=TODAY, overdue_serious_caps=2),
        )
    assert refused.value.code == t.OVERDUE_SERIOUS_CAP_LEFT


def test_reinstatement_one_day_before_the_minimum_is_refused_and_on_the_day_allowed():
    early = Facts(**{**GOOD.__dict__, "suspended_on": TODAY - dt.timedelta(days=89)})
    with pytest.raises(StandingRefused) as refused:
        _check(Standing.SUSPENDED, Standing.PARTICIPATING, Grounds.REENTRY_AUDIT, facts=early)
    assert refused.value.code == t.MINIMUM_NOT_ELAPSED
    _check(Standing.SUSPENDED, Standing.PARTICIPATING, Grounds.REENTRY_AUDIT, facts=GOOD)


def test_reinstatement_follows_the_programs_minimum():
    longer = Facts(**{**GOOD.__dict__, "suspension_minimum_days": 120})
    with pytest.raises(StandingRefused) as refused:
        _check(Standing.SUSPENDED, Standing.PARTICIPATING, Grounds.REENTRY_AUDIT, facts=longer)
    assert refused.value.code == t.MINIMUM_NOT_ELAPSED


def test_reinstatement_with_unverified_caps_is_refused():
    open_items = Facts(**{**GOOD.__dict__, "unverified_caps": 1})
    with pytest.raises(StandingRefused) as refused:
        _check(Standing.SUSPENDED, Standing.PARTICIPATING, Grounds.REENTRY_AUDIT, facts=open_items)
    assert refused.value.code == t.CAP_NOT_VERIFIED


def test_reinstatement_without_a_passed_reentry_audit_is_refused():
    no_audit = Facts(**{**GOOD.__dict__, "reentry_audit_passed": False})
    with pytest.raises(StandingRefused) as refused:
        _check(Standing.SUSPENDED, Standing.PARTICIPATING, Grounds.REENTRY_AUDIT, facts=no_audit)
    assert refused.value.code == t.REENTRY_AUDIT_MISSING


def test_reinstatement_of_a_suspension_without_a_start_date_is_refused():
    with pytest.raises(StandingRefused) as refused:
        t.check_reinstatement(Facts(**{**GOOD.__dict__, "suspended_on": None}))
    assert refused.value.code == t.MINIMUM_NOT_ELAPSED


def test_final_states_have_no_way_out():
    for final in t.FINAL:
        assert t.allowed_targets(final) == []


def test_zero_tolerance_suspends_at_once_unless_the_program_allows_a_remedy():
    assert t.zero_tolerance_suspends_at_once(0) is True
    assert t.zero_tolerance_suspends_at_once(24) is False
    confirmed = dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC)
    with pytest.raises(StandingRefused) as refused:
        t.zero_tolerance_remedy_check(remedy_hours=0, confirmed_at=confirmed, now=confirmed)
    assert refused.value.code == t.REMEDY_NOT_ALLOWED
    t.zero_tolerance_remedy_check(remedy_hours=24, confirmed_at=confirmed, now=confirmed + dt.timedelta(hours=24))
    with pytest.raises(StandingRefused) as refused:
        t.zero_tolerance_remedy_check(
            remedy_hours=24, confirmed_at=confirmed, now=confirmed + dt.timedelta(hours=24, seconds=1)
        )
    assert refused.value.code == t.REMEDY_TOO_LATE


# --- escalation -----------------------------------------------------------------------------------

ELAPSED = StageFacts(today=TODAY, stage_since=TODAY - dt.timedelta(days=30), stage_days=30, meeting_held=True)


@pytest.mark.parametrize(
    ("move", "capability"), list(t.STAGE_MOVES.items()), ids=[f"{a}->{b}" for a, b in t.STAGE_MOVES]
)
def test_every_allowed_stage_move_passes_and_needs_the_escalate_capability(move, capability):
    t.check_stage_move(*move, frozenset({capability}), facts=ELAPSED, reason="why")
    with pytest.raises(CapabilityMissing):
        t.check_stage_move(*move, frozenset({SC.DECIDE}), facts=ELAPSED, reason="why")


@pytest.mark.parametrize(("current", "target"), list(itertools.product(Stage, Stage)))
def test_every_stage_move_not_in_the_table_is_refused(current, target):
    if (current, target) in t.STAGE_MOVES:
        return
    with pytest.raises(TransitionNotAllowed):
        t.check_stage_move(current, target, MONITOR, facts=ELAPSED, reason="why")


@pytest.mark.parametrize(("current", "target"), list(t.ADVANCE.items()))
def test_advancing_before_the_stage_length_is_refused(current, target):
    early = StageFacts(today=TODAY, stage_since=TODAY - dt.timedelta(days=29), stage_days=30, meeting_held=True)
    with pytest.raises(StandingRefused) as refused:
        t.check_stage_move(current, target, MONITOR, facts=early, reason="why")
    assert refused.value.code == t.STAGE_NOT_ELAPSED


def test_stage_2_advances_only_after_its_mandatory_meeting():
    no_meeting = StageFacts(today=TODAY, stage_since=TODAY - dt.timedelta(days=30), stage_days=30)
    with pytest.raises(StandingRefused) as refused:
        t.check_stage_move(Stage.STAGE_2, Stage.STAGE_3, MONITOR, facts=no_meeting, reason="why")
    assert refused.value.code == t.MEETING_NOT_HELD
    t.check_stage_move(Stage.STAGE_1, Stage.STAGE_2, MONITOR, facts=no_meeting, reason="why")


def test_de_escalation_needs_no_elapsed_stage_but_a_reason():
    fresh = StageFacts(today=TODAY, stage_since=TODAY, stage_days=90)
    t.check_stage_move(Stage.STAGE_2, Stage.STAGE_1, MONITOR, facts=fresh, reason="adequate progress")
    t.check_stage_move(Stage.STAGE_3, Stage.CLOSED, MONITOR, facts=fresh, reason="adequate progress")
    with pytest.raises(StandingRefused) as refused:
        t.check_stage_move(Stage.STAGE_1, Stage.CLOSED, MONITOR, facts=fresh, reason="")
    assert refused.value.code == t.REASON_REQUIRED


# --- history and objections ------------------------------------------------------------------------


def test_eligibility_on_a_day_with_a_suspension_in_the_afternoon_is_false():
    day = dt.date(2026, 6, 1)
    history = [
        t.Change(at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), to=Standing.PARTICIPATING),
        t.Change(at=dt.datetime(2026, 6, 1, 15, tzinfo=dt.UTC), to=Standing.SUSPENDED),
    ]
    assert t.eligible_on(history, day - dt.timedelta(days=1)) is True
    assert t.eligible_on(history, day) is False
    assert t.eligible_on(history, dt.date(2025, 12, 31)) is False  # an applicant then


def test_the_objection_clock():
    lodged = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
    assert t.objection_answer_due(lodged, 5) == lodged + dt.timedelta(days=5)
    assert not t.objection_is_overdue(
        lodged_at=lodged, answer_days=5, answered=False, now=lodged + dt.timedelta(days=5)
    )
    assert t.objection_is_overdue(
        lodged_at=lodged, answer_days=5, answered=False, now=lodged + dt.timedelta(days=5, seconds=1)
    )
    assert not t.objection_is_overdue(lodged_at=lodged, answer_days=5, answered=True, now=lodged + dt.timedelta(days=9))


def test_changes_at_one_moment_count_only_by_the_last():
    """Two changes at the same moment (e.g. a decision covering a correction): the first state
    lasted no time, so it cannot make the day ineligible (found by the brute-force replay)."""
    moment = dt.datetime(2026, 1, 15, 1, tzinfo=dt.UTC)
    history = [
        t.Change(at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), to=Standing.PARTICIPATING),
        t.Change(at=moment, to=Standing.APPLICANT),
        t.Change(at=moment, to=Standing.PARTICIPATING),
    ]
    assert t.eligible_on(history, moment.date()) is True
    assert t.eligible_on([*history, t.Change(at=moment, to=Standing.SUSPENDED)], moment.date()) is False
