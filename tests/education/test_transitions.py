"""The materials workflow rules, without a database."""

from __future__ import annotations

import itertools

import pytest

from wsr.core.errors import CapabilityMissing, TransitionNotAllowed
from wsr.education.capabilities import EducationCapability as E
from wsr.education.transitions import MOVES, MaterialStatus, allowed_targets, check_move

M = MaterialStatus
ALLOWED = {(M.DRAFT, M.PUBLISHED), (M.DRAFT, M.RETIRED), (M.PUBLISHED, M.RETIRED)}
ALL_PAIRS = list(itertools.product(list(M), repeat=2))
MANAGER = frozenset({E.VIEW, E.MANAGE_MATERIALS})


def test_the_table_lists_exactly_the_documented_moves():
    assert set(MOVES) == ALLOWED
    assert all(cap == E.MANAGE_MATERIALS for cap in MOVES.values())


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_each_allowed_move_passes_with_the_capability(current, target):
    check_move(current, target, MANAGER)


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_each_allowed_move_is_refused_without_the_capability(current, target):
    with pytest.raises(CapabilityMissing):
        check_move(current, target, frozenset({E.VIEW, E.RECORD_SESSION}))


@pytest.mark.parametrize(("current", "target"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_every_other_move_is_refused_even_with_the_capability(current, target):
    with pytest.raises(TransitionNotAllowed):
        check_move(current, target, MANAGER)


def test_a_retired_version_goes_nowhere_and_a_published_one_cannot_return_to_draft():
    assert allowed_targets(M.RETIRED) == []
    assert allowed_targets(M.PUBLISHED) == [M.RETIRED]
    assert sorted(allowed_targets(M.DRAFT)) == sorted([M.PUBLISHED, M.RETIRED])
