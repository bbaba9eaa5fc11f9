"""The complaint case workflow as data: which moves exist and what each needs. No Django here.

    received -> acknowledged -> triaged_in_scope -> investigating -> finding
                             \\-> triaged_out_of_scope -> forwarded (with a reason)
    finding (substantiated | partly) -> remedy_directed -> remedy_verified -> closed
    finding (unsubstantiated) -> closed
    closed -> investigating (reopened on recurrence, with a reason)

Triage can be corrected (in scope <-> out of scope) until the investigation starts or the case is
forwarded. Retaliation complaints are always in scope and priority: a worker who complains and is
punished for it is the mechanism's own failure. Forwarded is final: the complaint left the program.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.core.errors import CapabilityMissing, DomainError, TransitionNotAllowed


class CaseState(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    TRIAGED_IN_SCOPE = "triaged_in_scope"
    TRIAGED_OUT_OF_SCOPE = "triaged_out_of_scope"
    FORWARDED = "forwarded"
    INVESTIGATING = "investigating"
    FINDING = "finding"
    REMEDY_DIRECTED = "remedy_directed"
    REMEDY_VERIFIED = "remedy_verified"
    CLOSED = "closed"


class FindingOutcome(StrEnum):
    SUBSTANTIATED = "substantiated"
    PARTLY_SUBSTANTIATED = "partly_substantiated"
    UNSUBSTANTIATED = "unsubstantiated"


S = CaseState

MOVES: dict[tuple[CaseState, CaseState], C] = {
    (S.RECEIVED, S.ACKNOWLEDGED): C.ACKNOWLEDGE,
    (S.ACKNOWLEDGED, S.TRIAGED_IN_SCOPE): C.TRIAGE,
    (S.ACKNOWLEDGED, S.TRIAGED_OUT_OF_SCOPE): C.TRIAGE,  # refused for retaliation
    (S.TRIAGED_IN_SCOPE, S.TRIAGED_OUT_OF_SCOPE): C.TRIAGE,  # correction; refused for retaliation
    (S.TRIAGED_OUT_OF_SCOPE, S.TRIAGED_IN_SCOPE): C.TRIAGE,  # correction before forwarding
    (S.TRIAGED_OUT_OF_SCOPE, S.FORWARDED): C.TRIAGE,  # needs a reason
    (S.TRIAGED_IN_SCOPE, S.INVESTIGATING): C.INVESTIGATE,
    (S.INVESTIGATING, S.FINDING): C.RECORD_FINDING,  # needs an outcome
    (S.FINDING, S.REMEDY_DIRECTED): C.DIRECT_REMEDY,  # substantiated or partly
    (S.FINDING, S.CLOSED): C.CLOSE,  # unsubstantiated
    (S.REMEDY_DIRECTED, S.REMEDY_VERIFIED): C.VERIFY_REMEDY,
    (S.REMEDY_VERIFIED, S.CLOSED): C.CLOSE,
    (S.CLOSED, S.INVESTIGATING): C.REOPEN,  # recurrence; needs a reason
}

TERMINAL_STATES = frozenset({S.FORWARDED})
OPEN_STATES = frozenset(set(CaseState) - {S.FORWARDED, S.CLOSED})

# Reasons a move is refused by a business rule (services turn them into translated messages).
RETALIATION_ALWAYS_IN_SCOPE = "retaliation_always_in_scope"
REASON_REQUIRED = "reason_required"
OUTCOME_REQUIRED = "outcome_required"
REMEDY_NEEDS_SUBSTANTIATED = "remedy_needs_substantiated"
REMEDY_REQUIRED = "remedy_required"

_NEEDS_REASON = frozenset({(S.TRIAGED_OUT_OF_SCOPE, S.FORWARDED), (S.CLOSED, S.INVESTIGATING)})
_REMEDY_OUTCOMES = frozenset({FindingOutcome.SUBSTANTIATED, FindingOutcome.PARTLY_SUBSTANTIATED})


class GateRefused(DomainError):
    """A business rule (not a missing capability) refuses the move; ``code`` names which."""

    def __init__(self, code: str) -> None:
        super().__init__(code, code=code)


class TriageRules(NamedTuple):
    in_scope_forced: bool
    priority: bool


RETALIATION = "retaliation"  # the Code category slug (wsr.standards.models.Category.RETALIATION)


def triage_rules(category: str) -> TriageRules:
    """Retaliation is always in scope and always priority; other categories are triaged on merit."""
    if category == RETALIATION:
        return TriageRules(in_scope_forced=True, priority=True)
    return TriageRules(in_scope_forced=False, priority=False)


def _gate(current: CaseState, target: CaseState, category: str, outcome: FindingOutcome | None) -> str | None:
    """The business rule refusing an existing move, if any (reasons are checked separately)."""
    if target == S.TRIAGED_OUT_OF_SCOPE and triage_rules(category).in_scope_forced:
        return RETALIATION_ALWAYS_IN_SCOPE
    if S.FINDING in (current, target) and outcome is None:
        return OUTCOME_REQUIRED
    if current == S.FINDING and target == S.REMEDY_DIRECTED and outcome not in _REMEDY_OUTCOMES:
        return REMEDY_NEEDS_SUBSTANTIATED
    if current == S.FINDING and target == S.CLOSED and outcome in _REMEDY_OUTCOMES:
        return REMEDY_REQUIRED
    return None


def check_move(
    current: str,
    target: str,
    held: frozenset[str],
    *,
    category: str = "",
    outcome: str | None = None,
    reason: str = "",
) -> None:
    """Raise unless ``held`` allows moving a case of ``category`` from ``current`` to ``target``.

    ``outcome`` is the finding outcome: required to enter and to leave ``finding``. ``reason`` is
    required to forward and to reopen.
    """
    cur, tgt = CaseState(current), CaseState(target)
    needed = MOVES.get((cur, tgt))
    if needed is None:
        raise TransitionNotAllowed(cur, tgt)
    if needed not in held:
        raise CapabilityMissing(needed)
    refused = _gate(cur, tgt, category, FindingOutcome(outcome) if outcome is not None else None)
    if refused:
        raise GateRefused(refused)
    if (cur, tgt) in _NEEDS_REASON and not reason.strip():
        raise GateRefused(REASON_REQUIRED)


def allowed_targets(
    current: str, held: frozenset[str], *, category: str = "", outcome: str | None = None
) -> list[CaseState]:
    """The moves to offer as buttons: capability held and no business rule against it.

    A move that needs a reason is offered (the form asks for it). Moving into ``finding`` is
    offered whatever ``outcome`` is, since the outcome is chosen in that form.
    """
    cur = CaseState(current)
    out = FindingOutcome(outcome) if outcome is not None else None
    targets = []
    for (frm, tgt), needed in MOVES.items():
        if frm != cur or needed not in held:
            continue
        gate_outcome = out if tgt != S.FINDING else FindingOutcome.SUBSTANTIATED
        if _gate(cur, tgt, category, gate_outcome) is None:
            targets.append(tgt)
    return targets
