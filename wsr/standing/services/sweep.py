"""The periodic standing sweep (settings.WSR_PERIODIC_TASKS["standing.sweep"]): consumes any
zero-tolerance confirmation not yet acted on (the finding step normally does it at once)."""

from __future__ import annotations

from wsr.standing.services.zero_tolerance import zero_tolerance_consume


def standing_sweep() -> int:
    return zero_tolerance_consume()
