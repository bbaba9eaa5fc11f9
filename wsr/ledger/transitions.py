"""The moves of a premium payment and of a reconciliation finding, as data. No Django here.

Payment::

    recorded (by the brand) -> confirmed (the supplier received it: posted to the journal)
    recorded               -> disputed  (the supplier says it did not arrive as stated)
    recorded | confirmed | disputed -> reversed (the monitoring body corrects it: a reversal posting)

Finding::

    open -> cleared (the reconciliation no longer finds the difference)
"""

from __future__ import annotations

from collections.abc import Iterable

from wsr.core.errors import CapabilityMissing, TransitionNotAllowed
from wsr.ledger.capabilities import LedgerCapability as LC

PAYMENT_MOVES: dict[tuple[str, str], LC] = {
    ("recorded", "confirmed"): LC.CONFIRM_PAYMENT,
    ("recorded", "disputed"): LC.CONFIRM_PAYMENT,
    ("recorded", "reversed"): LC.REVERSE,
    ("confirmed", "reversed"): LC.REVERSE,
    ("disputed", "reversed"): LC.REVERSE,
}

FINDING_MOVES: dict[tuple[str, str], LC] = {
    ("open", "cleared"): LC.RECONCILE,
}


def _check(moves: dict[tuple[str, str], LC], current: str, target: str, held: Iterable[str]) -> None:
    needed = moves.get((current, target))
    if needed is None:
        raise TransitionNotAllowed(current, target)
    if needed not in set(held):
        raise CapabilityMissing(needed)


def check_payment_move(current: str, target: str, held: Iterable[str]) -> None:
    _check(PAYMENT_MOVES, current, target, held)


def check_finding_move(current: str, target: str, held: Iterable[str]) -> None:
    _check(FINDING_MOVES, current, target, held)
