"""SLA clocks of a complaint, computed from its events. Pure: no Django, no database, no "now".

Four clocks, measured in wall time (no business hours, no holidays: workers' problems do not
wait for Monday):

- ``acknowledge``: from ``received`` until ``acknowledged``, within ``sla_ack_hours_*``;
- ``investigate``: from ``received`` until ``investigation_started``, ``sla_investigate_days_*``;
- ``resolve``: from ``received`` until ``resolved`` or ``closed``, ``sla_resolve_days``; a
  ``reopened`` case starts a new resolve period from the reopening;
- ``interim_update``: from ``received`` (or ``reopened``) until the next
  ``complainant_update_sent``, which starts the next period, ``sla_interim_update_days``.

Every clock pauses while awaiting the complainant (``awaiting_complainant_started`` ..
``awaiting_complainant_ended``) and at no other time; a pause extends deadlines by exactly its
length. Resolution (``resolved`` / ``closed``) stops every clock: a clock stopped at or before its
deadline is ``met``, after it ``breached``. A running clock is ``ok`` below 50% of its budget, then
``warning_50`` / ``warning_75`` / ``warning_90``, and ``breached`` once past the deadline.

Deadlines are recomputed from the events and the rules every time, so a changed rule is replayed
simply by computing again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wsr.complaints.transitions import RETALIATION

ZERO_TOLERANCE = "zero_tolerance"  # the severity tier slug (wsr.standards.models.Tier)


class EventKind(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATION_STARTED = "investigation_started"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"
    COMPLAINANT_UPDATE_SENT = "complainant_update_sent"
    AWAITING_COMPLAINANT_STARTED = "awaiting_complainant_started"
    AWAITING_COMPLAINANT_ENDED = "awaiting_complainant_ended"


class ClockName(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    INVESTIGATE = "investigate"
    RESOLVE = "resolve"
    INTERIM_UPDATE = "interim_update"


class ClockState(StrEnum):
    OK = "ok"
    WARNING_50 = "warning_50"
    WARNING_75 = "warning_75"
    WARNING_90 = "warning_90"
    BREACHED = "breached"
    MET = "met"


WARNING_STEPS = ((90, ClockState.WARNING_90), (75, ClockState.WARNING_75), (50, ClockState.WARNING_50))


class SlaInputError(ValueError):
    """The events cannot describe a case (no receipt, naive datetimes, events before receipt)."""


@dataclass(frozen=True)
class SlaRules:
    """A program's service levels; field names match ``programs.Program``. Defaults: DOMAIN.md."""

    sla_ack_hours_severe: int = 24
    sla_ack_hours_standard: int = 48
    sla_investigate_days_severe: int = 2
    sla_investigate_days_standard: int = 10
    sla_resolve_days: int = 14
    sla_interim_update_days: int = 14

    @classmethod
    def from_program(cls, program: Any) -> SlaRules:
        return cls(**{name: int(getattr(program, name)) for name in cls.__dataclass_fields__})

    def budget(self, clock: ClockName, *, severe: bool) -> dt.timedelta:
        if clock == ClockName.ACKNOWLEDGE:
            return dt.timedelta(hours=self.sla_ack_hours_severe if severe else self.sla_ack_hours_standard)
        if clock == ClockName.INVESTIGATE:
            days = self.sla_investigate_days_severe if severe else self.sla_investigate_days_standard
            return dt.timedelta(days=days)
        if clock == ClockName.RESOLVE:
            return dt.timedelta(days=self.sla_resolve_days)
        return dt.timedelta(days=self.sla_interim_update_days)


@dataclass(frozen=True)
class CaseEvent:
    kind: EventKind
    at: dt.datetime


def is_severe(*, tier: str | None, category: str, imminent_danger: bool) -> bool:
    """Severe = a zero-tolerance provision, a retaliation complaint, or imminent danger."""
    return tier == ZERO_TOLERANCE or category == RETALIATION or imminent_danger


@dataclass(frozen=True)
class ClockStatus:
    name: ClockName
    started_at: dt.datetime
    budget: dt.timedelta
    deadline: dt.datetime
    elapsed: dt.timedelta  # active (unpaused) time used in the current period
    percent_used: float
    state: ClockState
    running: bool
    paused: bool
    stopped_at: dt.datetime | None
    breaches: int  # periods that ran past their deadline, this one included


@dataclass(frozen=True)
class SlaReport:
    severe: bool
    now: dt.datetime
    clocks: dict[ClockName, ClockStatus] = field(default_factory=dict)

    @property
    def next_deadline(self) -> dt.datetime | None:
        """The earliest deadline of a running clock (breached ones included): the queue's sort key."""
        running = [c.deadline for c in self.clocks.values() if c.running]
        return min(running) if running else None

    @property
    def breached(self) -> list[ClockName]:
        return [c.name for c in self.clocks.values() if c.state == ClockState.BREACHED]

    @property
    def paused(self) -> bool:
        return any(c.paused for c in self.clocks.values())


# --- the arithmetic ----------------------------------------------------------------------------

Interval = tuple[dt.datetime, dt.datetime]


def _active_time(start: dt.datetime, end: dt.datetime, pauses: list[Interval]) -> dt.timedelta:
    total = end - start
    for ps, pe in pauses:
        lo, hi = max(ps, start), min(pe, end)
        if hi > lo:
            total -= hi - lo
    return total


def _deadline(start: dt.datetime, budget: dt.timedelta, pauses: list[Interval]) -> dt.datetime:
    """The instant the active time since ``start`` reaches ``budget`` (pauses sorted, disjoint)."""
    t, remaining = start, budget
    for ps, pe in pauses:
        if pe <= t:
            continue
        if ps > t:
            if ps - t >= remaining:
                return t + remaining
            remaining -= ps - t
        t = pe
    return t + remaining


def _period(
    name: ClockName,
    start: dt.datetime,
    stop: dt.datetime | None,
    budget: dt.timedelta,
    pauses: list[Interval],
    now: dt.datetime,
    *,
    paused_now: bool = False,
    earlier_breaches: int = 0,
) -> ClockStatus:
    end = stop if stop is not None else now
    clipped = [(ps, min(pe, end)) for ps, pe in pauses if ps < end]
    elapsed = _active_time(start, end, clipped)
    deadline = _deadline(start, budget, clipped)
    late = elapsed > budget
    if stop is not None:
        state = ClockState.BREACHED if late else ClockState.MET
    elif late:
        state = ClockState.BREACHED
    else:
        state = next((s for pct, s in WARNING_STEPS if elapsed * 100 >= budget * pct), ClockState.OK)
    return ClockStatus(
        name=name,
        started_at=start,
        budget=budget,
        deadline=deadline,
        elapsed=elapsed,
        # A zero target (rules stored before they were checked) counts as spent, never divides.
        percent_used=round(100 * (elapsed / budget), 2) if budget else 100.0,
        state=state,
        running=stop is None,
        paused=paused_now and stop is None,
        stopped_at=stop,
        breaches=int(late) + earlier_breaches,
    )


def _check(events: list[CaseEvent], now: dt.datetime) -> None:
    if now.tzinfo is None or any(e.at.tzinfo is None for e in events):
        raise SlaInputError("SLA times must be timezone-aware.")
    if not events or events[0].kind != EventKind.RECEIVED:
        raise SlaInputError("The first event of a case is its receipt.")
    if sum(1 for e in events if e.kind == EventKind.RECEIVED) != 1:
        raise SlaInputError("A case is received once.")
    if events[0].at > now:
        raise SlaInputError("The case was received after the time asked about.")


def compute_sla(rules: SlaRules, events: Iterable[CaseEvent], *, severe: bool, now: dt.datetime) -> SlaReport:
    """Every clock's status at ``now``; events after ``now`` are ignored, same-time events keep
    their given order."""
    ordered = sorted((CaseEvent(EventKind(e.kind), e.at) for e in events), key=lambda e: e.at)
    _check(ordered, now)
    ordered = [e for e in ordered if e.at <= now]
    received = ordered[0].at
    budget = {name: rules.budget(name, severe=severe) for name in ClockName}
    resolve_budget, interim_budget = budget[ClockName.RESOLVE], budget[ClockName.INTERIM_UPDATE]

    pauses: list[Interval] = []
    pause_start: dt.datetime | None = None
    acknowledged: dt.datetime | None = None
    investigation: dt.datetime | None = None
    first_resolved: dt.datetime | None = None
    resolved: dt.datetime | None = None
    resolve_start = interim_start = received
    resolve_breaches = interim_breaches = 0

    def pauses_until(t: dt.datetime) -> list[Interval]:
        return [*pauses, (pause_start, t)] if pause_start is not None else pauses

    for event in ordered:
        kind, at = event.kind, event.at
        if kind == EventKind.REOPENED:
            if resolved is not None:
                resolve_breaches += _period(
                    ClockName.RESOLVE, resolve_start, resolved, resolve_budget, pauses, now
                ).breaches
                interim_breaches += _period(
                    ClockName.INTERIM_UPDATE, interim_start, resolved, interim_budget, pauses, now
                ).breaches
                resolved, resolve_start, interim_start = None, at, at
        elif resolved is not None:
            continue  # a resolved case's clocks stand still until it is reopened
        elif kind == EventKind.AWAITING_COMPLAINANT_STARTED and pause_start is None:
            pause_start = at
        elif kind == EventKind.AWAITING_COMPLAINANT_ENDED and pause_start is not None:
            pauses.append((pause_start, at))
            pause_start = None
        elif kind == EventKind.ACKNOWLEDGED and acknowledged is None:
            acknowledged = at
        elif kind == EventKind.INVESTIGATION_STARTED and investigation is None:
            investigation = at
        elif kind == EventKind.COMPLAINANT_UPDATE_SENT:
            period = _period(ClockName.INTERIM_UPDATE, interim_start, at, interim_budget, pauses_until(at), now)
            interim_breaches += period.breaches
            interim_start = at
        elif kind in (EventKind.RESOLVED, EventKind.CLOSED):
            pauses = pauses_until(at)
            pause_start = None
            resolved = at
            first_resolved = first_resolved or at

    paused_now = pause_start is not None
    pauses = pauses_until(now)  # an open pause has lasted until now, so far

    def first_stop(own: dt.datetime | None) -> dt.datetime | None:
        candidates = [t for t in (own, first_resolved) if t is not None]
        return min(candidates) if candidates else None

    def clock(name: ClockName, start: dt.datetime, stop: dt.datetime | None, earlier: int = 0) -> ClockStatus:
        return _period(name, start, stop, budget[name], pauses, now, paused_now=paused_now, earlier_breaches=earlier)

    clocks = {
        ClockName.ACKNOWLEDGE: clock(ClockName.ACKNOWLEDGE, received, first_stop(acknowledged)),
        ClockName.INVESTIGATE: clock(ClockName.INVESTIGATE, received, first_stop(investigation)),
        ClockName.RESOLVE: clock(ClockName.RESOLVE, resolve_start, resolved, resolve_breaches),
        ClockName.INTERIM_UPDATE: clock(ClockName.INTERIM_UPDATE, interim_start, resolved, interim_breaches),
    }
    return SlaReport(severe=severe, now=now, clocks=clocks)
