"""The audit, CAP and roster workflows and the independence rule, without a database."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from wsr.audits.capabilities import AuditCapability as AU
from wsr.audits.independence import PriorAudit, Tie, independence_conflicts
from wsr.audits.transitions import (
    AUDIT_MOVES,
    CAP_MOVES,
    ROSTER_MOVES,
    AuditState,
    CapState,
    RosterState,
    cap_is_overdue,
    check_audit_move,
    check_cap_move,
    check_roster_move,
    interview_norm_met,
    interview_share_percent,
    months_before,
    progress_percent,
)
from wsr.core.errors import CapabilityMissing, DomainError, TransitionNotAllowed

EVERYTHING = frozenset(AU)
SUPPLIER = frozenset({AU.VIEW_OWN, AU.CAP_REPORT_FIXED})
MONITOR = frozenset({AU.VIEW_ALL, AU.CAP_EDIT, AU.CAP_VERIFY, AU.PLAN})
BRAND = frozenset({AU.VIEW_BUYER})

EXPECTED_CAP = {
    (CapState.DRAFTED, CapState.AGREED): AU.CAP_EDIT,
    (CapState.AGREED, CapState.IN_PROGRESS): AU.CAP_REPORT_FIXED,
    (CapState.IN_PROGRESS, CapState.REPORTED_FIXED): AU.CAP_REPORT_FIXED,
    (CapState.REPORTED_FIXED, CapState.VERIFIED_FIXED): AU.CAP_VERIFY,
    (CapState.REPORTED_FIXED, CapState.REOPENED): AU.CAP_VERIFY,
    (CapState.REOPENED, CapState.IN_PROGRESS): AU.CAP_REPORT_FIXED,
}


def test_the_cap_moves_are_exactly_the_documented_ones():
    assert CAP_MOVES == EXPECTED_CAP


@pytest.mark.parametrize(("move", "needed"), list(EXPECTED_CAP.items()))
def test_every_allowed_cap_move_passes_with_its_capability_and_only_with_it(move, needed):
    check_cap_move(move[0], move[1], frozenset({needed}))
    with pytest.raises(CapabilityMissing):
        check_cap_move(move[0], move[1], EVERYTHING - {needed})


@pytest.mark.parametrize("move", [m for m in itertools.product(CapState, CapState) if m not in EXPECTED_CAP])
def test_every_other_cap_move_is_refused_even_with_every_capability(move):
    with pytest.raises(TransitionNotAllowed):
        check_cap_move(move[0], move[1], EVERYTHING)


@pytest.mark.parametrize("start", [CapState.DRAFTED, CapState.AGREED, CapState.IN_PROGRESS, CapState.REOPENED])
def test_no_item_is_verified_without_being_reported_fixed_first(start):
    with pytest.raises(TransitionNotAllowed):
        check_cap_move(start, CapState.VERIFIED_FIXED, EVERYTHING)


def test_the_organisation_that_reported_a_fix_can_never_verify_it():
    with pytest.raises(DomainError) as err:
        check_cap_move(
            CapState.REPORTED_FIXED,
            CapState.VERIFIED_FIXED,
            EVERYTHING,
            actor_organisation_id=7,
            reported_by_organisation_id=7,
        )
    assert err.value.code == "own_report"
    # another organisation (the monitor) may
    check_cap_move(
        CapState.REPORTED_FIXED,
        CapState.VERIFIED_FIXED,
        MONITOR,
        actor_organisation_id=1,
        reported_by_organisation_id=7,
    )


def test_a_supplier_reports_but_cannot_verify_or_reopen_and_a_brand_moves_nothing():
    check_cap_move(CapState.IN_PROGRESS, CapState.REPORTED_FIXED, SUPPLIER)
    for target in (CapState.VERIFIED_FIXED, CapState.REOPENED):
        with pytest.raises(CapabilityMissing):
            check_cap_move(CapState.REPORTED_FIXED, target, SUPPLIER)
    for move in EXPECTED_CAP:
        with pytest.raises(CapabilityMissing):
            check_cap_move(move[0], move[1], BRAND)


def test_the_monitor_cannot_report_a_fix_on_the_suppliers_behalf():
    with pytest.raises(CapabilityMissing):
        check_cap_move(CapState.IN_PROGRESS, CapState.REPORTED_FIXED, MONITOR)


EXPECTED_AUDIT = {
    (AuditState.PLANNED, AuditState.IN_PROGRESS): AU.PERFORM,
    (AuditState.PLANNED, AuditState.CANCELLED): AU.PLAN,
    (AuditState.IN_PROGRESS, AuditState.COMPLETED): AU.PERFORM,
    (AuditState.IN_PROGRESS, AuditState.CANCELLED): AU.PLAN,
}


def test_the_audit_moves_are_exactly_the_documented_ones():
    assert AUDIT_MOVES == EXPECTED_AUDIT


@pytest.mark.parametrize(("move", "needed"), list(EXPECTED_AUDIT.items()))
def test_every_allowed_audit_move_needs_its_capability(move, needed):
    check_audit_move(move[0], move[1], frozenset({needed}))
    with pytest.raises(CapabilityMissing):
        check_audit_move(move[0], move[1], EVERYTHING - {needed})


@pytest.mark.parametrize("move", [m for m in itertools.product(AuditState, AuditState) if m not in EXPECTED_AUDIT])
def test_every_other_audit_move_is_refused(move):
    with pytest.raises(TransitionNotAllowed):
        check_audit_move(move[0], move[1], EVERYTHING)


def test_only_the_worker_organisation_decides_on_the_roster():
    assert set(ROSTER_MOVES.values()) == {AU.APPROVE_ROSTER}
    for target in (RosterState.APPROVED, RosterState.REJECTED):
        check_roster_move(RosterState.PROPOSED, target, frozenset({AU.APPROVE_ROSTER}))
        with pytest.raises(CapabilityMissing):
            check_roster_move(RosterState.PROPOSED, target, EVERYTHING - {AU.APPROVE_ROSTER})
    for current, target in itertools.product(RosterState, RosterState):
        if current != RosterState.PROPOSED or target == RosterState.PROPOSED:
            with pytest.raises(TransitionNotAllowed):
                check_roster_move(current, target, EVERYTHING)


@pytest.mark.parametrize(
    ("state", "due", "overdue"),
    [
        (CapState.AGREED, dt.date(2026, 3, 1), True),
        (CapState.IN_PROGRESS, dt.date(2026, 3, 1), True),
        (CapState.REOPENED, dt.date(2026, 3, 1), True),
        (CapState.IN_PROGRESS, dt.date(2026, 3, 2), False),  # due today: not yet overdue
        (CapState.DRAFTED, dt.date(2026, 3, 1), False),  # not agreed: no deadline yet
        (CapState.REPORTED_FIXED, dt.date(2026, 3, 1), False),  # waiting for the monitor
        (CapState.VERIFIED_FIXED, dt.date(2026, 3, 1), False),
        (CapState.AGREED, None, False),
    ],
)
def test_overdue_means_open_work_after_the_due_date(state, due, overdue):
    assert cap_is_overdue(state, due, dt.date(2026, 3, 2)) is overdue


def test_interview_coverage_is_exact_integer_arithmetic():
    assert interview_share_percent(780, 1450) == 53
    assert interview_norm_met(780, 1450, 51) is True
    assert interview_norm_met(51, 100, 51) is True  # exactly the norm
    assert interview_norm_met(50, 100, 51) is False
    assert interview_norm_met(399, 980, 51) is False
    assert interview_share_percent(None, 100) is None and interview_norm_met(5, 0, 51) is None


def test_progress_is_verified_over_all_rounded_down():
    assert progress_percent(9, 13) == 69
    assert progress_percent(0, 4) == 0 and progress_percent(4, 4) == 100
    assert progress_percent(0, 0) is None


def test_months_before_clamps_to_the_end_of_shorter_months():
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 5, 15), 12) == dt.date(2025, 5, 15)
    assert months_before(dt.date(2024, 2, 29), 12) == dt.date(2023, 2, 28)
    assert months_before(dt.date(2026, 1, 10), 13) == dt.date(2024, 12, 10)


ON = dt.date(2026, 6, 1)


def test_a_tie_to_a_brand_sourcing_from_the_facility_is_a_conflict():
    ties = [Tie(1, "Brand A", dt.date(2025, 1, 1), None)]
    [conflict] = independence_conflicts(
        audit_on=ON, sourcing_brand_ids={1}, ties=ties, prior_audits=[], cooling_off_months=12
    )
    assert conflict.code == "commercial_tie" and "Brand A" in conflict.detail


def test_ties_to_other_brands_future_ties_and_long_ended_ties_are_not_conflicts():
    ties = [
        Tie(2, "Brand B", dt.date(2025, 1, 1), None),  # does not buy here
        Tie(1, "Brand A", dt.date(2026, 7, 1), None),  # starts after the audit
        Tie(1, "Brand A", dt.date(2020, 1, 1), dt.date(2025, 5, 31)),  # ended more than 12 months before
    ]
    assert (
        independence_conflicts(audit_on=ON, sourcing_brand_ids={1}, ties=ties, prior_audits=[], cooling_off_months=12)
        == []
    )


def test_a_tie_ended_within_the_cooling_off_period_still_conflicts():
    ties = [Tie(1, "Brand A", dt.date(2020, 1, 1), dt.date(2025, 6, 1))]
    assert independence_conflicts(
        audit_on=ON, sourcing_brand_ids={1}, ties=ties, prior_audits=[], cooling_off_months=12
    )


def test_auditing_the_facility_for_a_brand_within_the_cooling_off_period_conflicts():
    recent = PriorAudit("aud_1", 3, "Brand C", dt.date(2025, 12, 1))
    old = PriorAudit("aud_2", 3, "Brand C", dt.date(2025, 5, 31))
    [conflict] = independence_conflicts(
        audit_on=ON, sourcing_brand_ids=set(), ties=[], prior_audits=[recent, old], cooling_off_months=12
    )
    assert conflict.code == "cooling_off" and "2025-12-01" in conflict.detail
    assert not independence_conflicts(
        audit_on=ON, sourcing_brand_ids=set(), ties=[], prior_audits=[recent], cooling_off_months=5
    )
