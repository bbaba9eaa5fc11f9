"""Coverage arithmetic, pure (no Django): tested on known figures without a database.

Distinct workers reached in a season is the sum, over the season's sessions at a facility, of the
workers each session reached *for the first time that season* (educators count them; no worker
is identified: see docs/decisions/0010-worker-education.md). Coverage is that sum over the
facility's workforce, as a whole percentage rounded down and capped at 100 (seasonal turnover can
make the people reached exceed the head count on any one day). The norm counts on-the-clock
sessions only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


class SeasonLike(Protocol):
    starts_on: dt.date
    ends_on: dt.date


def coverage_percent(reached: int, workforce: int | None) -> int | None:
    """Whole percent of the workforce reached (rounded down, at most 100); None if unknown."""
    if not workforce or workforce <= 0:
        return None
    return min(100, (max(reached, 0) * 100) // workforce)


def norm_gap(on_the_clock_sessions: int, norm: int) -> int:
    """How many more on-the-clock sessions the facility needs this season (0 when the norm is met)."""
    return max(norm - on_the_clock_sessions, 0)


def norm_met(on_the_clock_sessions: int, norm: int) -> bool:
    return norm_gap(on_the_clock_sessions, norm) == 0


def season_for(day: dt.date, seasons: Iterable[SeasonLike]) -> SeasonLike | None:
    """The season that contains ``day`` (seasons never overlap), or None."""
    for season in seasons:
        if season.starts_on <= day <= season.ends_on:
            return season
    return None


def season_current(today: dt.date, seasons: Sequence[SeasonLike]) -> SeasonLike | None:
    """The season containing today, else the latest that has started, else the first one."""
    ordered = sorted(seasons, key=lambda s: s.starts_on)
    found = season_for(today, ordered)
    if found is not None:
        return found
    started = [s for s in ordered if s.starts_on <= today]
    if started:
        return started[-1]
    return ordered[0] if ordered else None


@dataclass(frozen=True)
class Tally:
    """One facility's season, before it is compared with the norm."""

    sessions: int
    on_the_clock: int
    attendees: int
    reached: int


@dataclass(frozen=True)
class SessionFigures:
    on_the_clock: bool
    attendees: int
    new_workers: int


def tally(sessions: Iterable[SessionFigures]) -> Tally:
    count = on_clock = attendees = reached = 0
    for s in sessions:
        count += 1
        on_clock += 1 if s.on_the_clock else 0
        attendees += s.attendees
        reached += s.new_workers
    return Tally(sessions=count, on_the_clock=on_clock, attendees=attendees, reached=reached)
