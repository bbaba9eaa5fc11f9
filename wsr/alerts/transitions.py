"""An imminent-danger alert's workflow as data. No Django here.

    open -> acknowledged   (an on-call person of the monitoring body; the service checks the roster)

An open alert is sent again to the on-call staff every ``danger_realert_minutes`` until someone
acknowledges it; an acknowledged alert is final (the case or finding carries the follow-up).
"""

from __future__ import annotations

from enum import StrEnum

from wsr.core.errors import CapabilityMissing, TransitionNotAllowed


class AlertState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"


ACKNOWLEDGE = "alerts.acknowledge"  # AlertCapability.ACKNOWLEDGE (kept literal: no Django here)

MOVES: dict[tuple[AlertState, AlertState], str] = {
    (AlertState.OPEN, AlertState.ACKNOWLEDGED): ACKNOWLEDGE,
}


def check_alert_move(current: str, target: str, held: frozenset[str]) -> None:
    needed = MOVES.get((AlertState(current), AlertState(target)))
    if needed is None:
        raise TransitionNotAllowed(current, target)
    if needed not in held:
        raise CapabilityMissing(needed)
