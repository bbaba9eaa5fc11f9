from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from wsr.complaints import transitions
from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.transitions import (
    MOVES,
    CaseState,
    FindingOutcome,
    GateRefused,
    allowed_targets,
    check_move,
    triage_rules,
)
from wsr.core.errors import CapabilityMissing, TransitionNotAllowed

S = CaseState
ALL = frozenset(C)
CATEGORIES = [
    "forced_labour",
    "child_labour",
    "violence",
    "sexual_harassment",
    "health_safety",
    "wages_hours",
    "freedom_of_association",
    "retaliation",
    "housing",
    "discrimination",
    "other",
]

# The workflow of issue 4, written out independently of MOVES.
EXPECTED = {
    (S.RECEIVED, S.ACKNOWLEDGED): C.ACKNOWLEDGE,
    (S.ACKNOWLEDGED, S.TRIAGED_IN_SCOPE): C.TRIAGE,
    (S.ACKNOWLEDGED, S.TRIAGED_OUT_OF_SCOPE): C.TRIAGE,
    (S.TRIAGED_IN_SCOPE, S.TRIAGED_OUT_OF_SCOPE): C.TRIAGE,
    (S.TRIAGED_OUT_OF_SCOPE, S.TRIAGED_IN_SCOPE): C.TRIAGE,
    (S.TRIAGED_OUT_OF_SCOPE, S.FORWARDED): C.TRIAGE,
    (S.TRIAGED_IN_SCOPE, S.INVESTIGATING): C.INVESTIGATE,
    (S.INVESTIGATING, S.FINDING): C.RECORD_FINDING,
    (S.FINDING, S.REMEDY_DIRECTED): C.DIRECT_REMEDY,
    (S.FINDING, S.CLOSED): C.CLOSE,
    (S.REMEDY_DIRECTED, S.REMEDY_VERIFIED): C.VERIFY_REMEDY,
    (S.REMEDY_VERIFIED, S.CLOSED): C.CLOSE,
    (S.CLOSED, S.INVESTIGATING): C.REOPEN,
}


def _context(target: CaseState) -> dict[str, str]:
    """Arguments that satisfy every business rule of a move to ``target``."""
    outcome = FindingOutcome.UNSUBSTANTIATED if target == S.CLOSED else FindingOutcome.SUBSTANTIATED
    return {"category": "wages_hours", "outcome": outcome, "reason": "recurred on 3 March"}


def test_the_moves_are_exactly_the_documented_workflow():
    assert MOVES == EXPECTED


@pytest.mark.parametrize(("move", "capability"), sorted(EXPECTED.items()))
def test_every_allowed_move_passes_with_its_capability_alone(move, capability):
    current, target = move
    check_move(current, target, frozenset({capability}), **_context(target))


@pytest.mark.parametrize(("move", "capability"), sorted(EXPECTED.items()))
def test_every_allowed_move_needs_its_capability(move, capability):
    current, target = move
    with pytest.raises(CapabilityMissing) as excinfo:
        check_move(current, target, ALL - {capability}, **_context(target))
    assert excinfo.value.capability == capability


@pytest.mark.parametrize(
    ("current", "target"), [pair for pair in itertools.product(CaseState, CaseState) if pair not in EXPECTED]
)
def test_every_other_pair_is_refused_even_with_every_capability(current, target):
    with pytest.raises(TransitionNotAllowed) as excinfo:
        check_move(current, target, ALL, **_context(target))
    assert (excinfo.value.current, excinfo.value.target) == (current, target)


def test_unknown_states_are_a_programming_error():
    with pytest.raises(ValueError):
        check_move("archived", S.CLOSED, ALL)


def test_states_given_as_plain_strings_work():
    check_move("received", "acknowledged", frozenset({"complaints.acknowledge"}))


def test_capability_values_are_namespaced_and_unique():
    values = [c.value for c in C]
    assert len(values) == len(set(values))
    assert all(v.startswith("complaints.") for v in values)


# --- retaliation -------------------------------------------------------------------------------


def test_retaliation_is_always_in_scope_and_priority():
    assert triage_rules("retaliation") == (True, True)
    assert triage_rules("retaliation").in_scope_forced
    for category in set(CATEGORIES) - {"retaliation"}:
        assert triage_rules(category) == (False, False)


@pytest.mark.parametrize("current", [S.ACKNOWLEDGED, S.TRIAGED_IN_SCOPE])
def test_a_retaliation_complaint_cannot_be_triaged_out_of_scope(current):
    with pytest.raises(GateRefused) as excinfo:
        check_move(current, S.TRIAGED_OUT_OF_SCOPE, ALL, category="retaliation")
    assert excinfo.value.code == transitions.RETALIATION_ALWAYS_IN_SCOPE
    assert S.TRIAGED_OUT_OF_SCOPE not in allowed_targets(current, ALL, category="retaliation")
    check_move(S.ACKNOWLEDGED, S.TRIAGED_IN_SCOPE, ALL, category="retaliation")


# --- findings, reasons -------------------------------------------------------------------------


def test_a_finding_needs_an_outcome():
    with pytest.raises(GateRefused) as excinfo:
        check_move(S.INVESTIGATING, S.FINDING, ALL)
    assert excinfo.value.code == transitions.OUTCOME_REQUIRED
    for outcome in FindingOutcome:
        check_move(S.INVESTIGATING, S.FINDING, ALL, outcome=outcome)


@pytest.mark.parametrize("outcome", [FindingOutcome.SUBSTANTIATED, FindingOutcome.PARTLY_SUBSTANTIATED])
def test_a_substantiated_finding_leads_to_a_remedy_not_straight_to_closing(outcome):
    check_move(S.FINDING, S.REMEDY_DIRECTED, ALL, outcome=outcome)
    with pytest.raises(GateRefused) as excinfo:
        check_move(S.FINDING, S.CLOSED, ALL, outcome=outcome)
    assert excinfo.value.code == transitions.REMEDY_REQUIRED
    assert allowed_targets(S.FINDING, ALL, outcome=outcome) == [S.REMEDY_DIRECTED]


def test_an_unsubstantiated_finding_closes_without_a_remedy():
    check_move(S.FINDING, S.CLOSED, ALL, outcome="unsubstantiated")
    with pytest.raises(GateRefused) as excinfo:
        check_move(S.FINDING, S.REMEDY_DIRECTED, ALL, outcome="unsubstantiated")
    assert excinfo.value.code == transitions.REMEDY_NEEDS_SUBSTANTIATED
    assert allowed_targets(S.FINDING, ALL, outcome="unsubstantiated") == [S.CLOSED]


@pytest.mark.parametrize(("current", "target"), [(S.TRIAGED_OUT_OF_SCOPE, S.FORWARDED), (S.CLOSED, S.INVESTIGATING)])
def test_forwarding_and_reopening_need_a_reason(current, target):
    for blank in ("", "   \n"):
        with pytest.raises(GateRefused) as excinfo:
            check_move(current, target, ALL, reason=blank)
        assert excinfo.value.code == transitions.REASON_REQUIRED
    check_move(current, target, ALL, reason="Wage theft at a non-participating farm: sent to the labour office")


def test_forwarded_is_final():
    assert allowed_targets(S.FORWARDED, ALL) == []
    assert not [move for move in MOVES if move[0] == S.FORWARDED]
    assert S.FORWARDED in transitions.TERMINAL_STATES


# --- buttons -----------------------------------------------------------------------------------


def test_allowed_targets_follow_the_held_capabilities():
    assert allowed_targets(S.ACKNOWLEDGED, ALL) == [S.TRIAGED_IN_SCOPE, S.TRIAGED_OUT_OF_SCOPE]
    assert allowed_targets(S.ACKNOWLEDGED, frozenset({C.VIEW_CASE})) == []
    assert allowed_targets(S.TRIAGED_IN_SCOPE, frozenset({C.INVESTIGATE})) == [S.INVESTIGATING]
    assert allowed_targets(S.INVESTIGATING, ALL) == [S.FINDING]  # the outcome is chosen in the form
    assert allowed_targets(S.CLOSED, ALL) == [S.INVESTIGATING]
    assert allowed_targets(S.CLOSED, ALL - {C.REOPEN}) == []


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("outcome", [None, *FindingOutcome])
def test_allowed_targets_agree_with_check_move(category, outcome):
    for current in CaseState:
        for held in (ALL, frozenset(), *(frozenset({c}) for c in C)):
            offered = set(allowed_targets(current, held, category=category, outcome=outcome))
            for target in CaseState:
                try:
                    check_move(current, target, held, category=category, outcome=outcome, reason="a reason")
                except (TransitionNotAllowed, CapabilityMissing, GateRefused):
                    passes = False
                else:
                    passes = True
                if target == S.FINDING:
                    passes = (current, target) in MOVES and MOVES[(current, target)] in held
                assert (target in offered) == passes, (current, target, held, category, outcome)


def test_every_state_is_reachable_from_received():
    seen, frontier = {S.RECEIVED}, [S.RECEIVED]
    while frontier:
        state = frontier.pop()
        for frm, to in MOVES:
            if frm == state and to not in seen:
                seen.add(to)
                frontier.append(to)
    assert seen == set(CaseState)


def test_the_module_imports_no_django():
    code = (
        "import sys; import wsr.complaints.transitions, wsr.complaints.sla, wsr.complaints.capabilities; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
