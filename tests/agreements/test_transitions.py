"""The agreement lifecycle rules, without a database."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from wsr.agreements.capabilities import AgreementCapability as A
from wsr.agreements.transitions import (
    MOVES,
    AgreementStatus,
    activation_due,
    allowed_targets,
    check_amendable,
    check_editable,
    check_move,
    expiry_due,
)
from wsr.core.errors import CapabilityMissing, TransitionNotAllowed

S = AgreementStatus
ALLOWED = {
    (S.DRAFT, S.SIGNED),
    (S.SIGNED, S.ACTIVE),
    (S.SIGNED, S.EXPIRED),
    (S.SIGNED, S.TERMINATED),
    (S.ACTIVE, S.EXPIRED),
    (S.ACTIVE, S.TERMINATED),
}
ALL_PAIRS = list(itertools.product(list(S), repeat=2))


def test_the_table_lists_exactly_the_documented_moves():
    assert set(MOVES) == ALLOWED
    assert all(cap == A.SIGN for cap in MOVES.values())


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_each_allowed_move_passes_with_the_sign_capability(current, target):
    check_move(current, target, frozenset({A.SIGN}))


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_each_allowed_move_is_refused_without_the_sign_capability(current, target):
    with pytest.raises(CapabilityMissing):
        check_move(current, target, frozenset({A.VIEW_ALL, A.EDIT, A.VIEW_OWN}))


@pytest.mark.parametrize(("current", "target"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_every_other_move_is_refused_even_with_every_capability(current, target):
    with pytest.raises(TransitionNotAllowed):
        check_move(current, target, frozenset(A))


def test_final_states_lead_nowhere_and_drafts_only_to_signed():
    assert allowed_targets(S.EXPIRED) == []
    assert allowed_targets(S.TERMINATED) == []
    assert allowed_targets(S.DRAFT) == [S.SIGNED]


@pytest.mark.parametrize("status", list(S))
def test_only_drafts_are_editable(status):
    if status == S.DRAFT:
        check_editable(status)
    else:
        with pytest.raises(TransitionNotAllowed):
            check_editable(status)


@pytest.mark.parametrize("status", list(S))
def test_only_signed_or_active_agreements_can_be_amended(status):
    if status in (S.SIGNED, S.ACTIVE):
        check_amendable(status)
    else:
        with pytest.raises(TransitionNotAllowed):
            check_amendable(status)


def test_activation_is_due_on_and_after_the_effective_date_only_for_signed():
    day = dt.date(2026, 3, 1)
    assert activation_due(S.SIGNED, day, day)
    assert activation_due(S.SIGNED, day, day + dt.timedelta(days=1))
    assert not activation_due(S.SIGNED, day, day - dt.timedelta(days=1))
    assert not activation_due(S.DRAFT, day, day)
    assert not activation_due(S.ACTIVE, day, day)


def test_expiry_is_due_the_day_after_the_last_day():
    last = dt.date(2026, 12, 31)
    assert not expiry_due(S.ACTIVE, last, last)
    assert expiry_due(S.ACTIVE, last, last + dt.timedelta(days=1))
    assert expiry_due(S.SIGNED, last, last + dt.timedelta(days=1))
    assert not expiry_due(S.ACTIVE, None, last)
    assert not expiry_due(S.DRAFT, last, last + dt.timedelta(days=1))
    assert not expiry_due(S.TERMINATED, last, last + dt.timedelta(days=1))
