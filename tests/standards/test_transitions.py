"""Every allowed and refused move of the Code workflow, without a database."""

from __future__ import annotations

import itertools

import pytest

from wsr.core.errors import CapabilityMissing, TransitionNotAllowed
from wsr.standards.capabilities import StandardsCapability as S
from wsr.standards.transitions import (
    ALREADY_APPROVED,
    CHANGED_SINCE_APPROVAL,
    MOVES,
    NOT_APPROVED,
    NOT_DRAFT,
    NOT_PROPOSED,
    NOT_WORKER_ORGANISATION,
    CodeStatus,
    GateRefused,
    check_approve,
    check_edit,
    check_move,
    check_new_draft,
    is_editable,
)

ALL = frozenset(S)
NONE: frozenset[str] = frozenset()
H = "a" * 64

ALLOWED = {
    (CodeStatus.DRAFT, CodeStatus.PROPOSED): S.EDIT_CODE,
    (CodeStatus.PROPOSED, CodeStatus.DRAFT): S.EDIT_CODE,
    (CodeStatus.PROPOSED, CodeStatus.ADOPTED): S.ADOPT_CODE,
    (CodeStatus.ADOPTED, CodeStatus.SUPERSEDED): S.ADOPT_CODE,
}


def test_the_move_table_is_exactly_the_documented_one():
    assert dict(MOVES) == ALLOWED


@pytest.mark.parametrize(("move", "capability"), list(ALLOWED.items()))
def test_each_allowed_move_passes_with_its_capability_only(move, capability):
    current, target = move
    check_move(current, target, frozenset({capability}), approved_hash=H, content_hash=H)
    with pytest.raises(CapabilityMissing) as missing:
        check_move(current, target, ALL - {capability}, approved_hash=H, content_hash=H)
    assert missing.value.capability == capability


REFUSED = [pair for pair in itertools.product(CodeStatus, CodeStatus) if pair not in ALLOWED]


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_every_other_move_is_refused_even_with_every_capability(current, target):
    with pytest.raises(TransitionNotAllowed):
        check_move(current, target, ALL, approved_hash=H, content_hash=H)


def test_adoption_without_approval_is_refused():
    with pytest.raises(GateRefused) as refused:
        check_move(CodeStatus.PROPOSED, CodeStatus.ADOPTED, ALL, approved_hash="", content_hash=H)
    assert refused.value.code == NOT_APPROVED


def test_adoption_of_content_that_changed_after_approval_is_refused():
    with pytest.raises(GateRefused) as refused:
        check_move(CodeStatus.PROPOSED, CodeStatus.ADOPTED, ALL, approved_hash=H, content_hash="b" * 64)
    assert refused.value.code == CHANGED_SINCE_APPROVAL


def test_approval_needs_the_capability_the_worker_organisation_and_a_fresh_proposal():
    check_approve(CodeStatus.PROPOSED, frozenset({S.APPROVE_CODE}), in_worker_organisation=True, already_approved=False)
    with pytest.raises(CapabilityMissing):
        check_approve(CodeStatus.PROPOSED, ALL - {S.APPROVE_CODE}, in_worker_organisation=True, already_approved=False)
    cases = [
        (CodeStatus.PROPOSED, False, False, NOT_WORKER_ORGANISATION),
        (CodeStatus.PROPOSED, True, True, ALREADY_APPROVED),
        (CodeStatus.DRAFT, True, False, NOT_PROPOSED),
        (CodeStatus.ADOPTED, True, False, NOT_PROPOSED),
        (CodeStatus.SUPERSEDED, True, False, NOT_PROPOSED),
    ]
    for status, in_org, already, code in cases:
        with pytest.raises(GateRefused) as refused:
            check_approve(status, ALL, in_worker_organisation=in_org, already_approved=already)
        assert refused.value.code == code


@pytest.mark.parametrize("status", list(CodeStatus))
def test_only_drafts_are_editable(status):
    assert is_editable(status) is (status == CodeStatus.DRAFT)
    if status == CodeStatus.DRAFT:
        check_edit(status, frozenset({S.EDIT_CODE}))
    else:
        with pytest.raises(GateRefused) as refused:
            check_edit(status, ALL)
        assert refused.value.code == NOT_DRAFT
    with pytest.raises(CapabilityMissing):
        check_edit(status, ALL - {S.EDIT_CODE})


def test_new_drafts_need_the_edit_capability():
    check_new_draft(frozenset({S.EDIT_CODE}))
    with pytest.raises(CapabilityMissing):
        check_new_draft(NONE)
