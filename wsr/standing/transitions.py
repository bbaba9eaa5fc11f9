"""Supplier standing and the escalation protocol as data: every allowed move, the capability it
needs and the conditions it must meet. No Django here: these rules are tested without a database.

Standing of one facility in one program::

    applicant -> participating <-> probation
        |            |    \\           |
        |            |     \\-> suspended -> participating (reinstated) | terminated
        |            \\-----------------------------------------------> terminated (escalation exhausted)
        \\-> withdrawn  (any state but terminated can be withdrawn: the supplier leaves the program)

Conditions (the ``Facts`` of the move, gathered by the service from the database):

- applicant -> participating: a passed onboarding audit;
- participating -> probation: grounds are overdue serious CAP items (at least one) or an
  escalation stage;
- probation -> participating: no overdue serious CAP item left;
- participating | probation -> suspended: grounds are a confirmed zero-tolerance violation or an
  exhausted escalation;
- suspended -> participating (reinstatement): the program's minimum suspension has elapsed AND
  every CAP item linked to the facility is verified AND a re-entry audit passed after the
  suspension began;
- -> terminated: grounds are an escalation that reached its end, or a monitor's decision on a
  suspended facility.

Escalation (Accord style) of one facility::

    stage_1 -> stage_2 (warning, mandatory meeting) -> stage_3 (final notice) -> terminated
       ^  \\______^   \\_________^                    (each advance after the stage's length)
       |     de-escalation: stage_n -> stage_(n-1), or -> closed from any stage
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from wsr.core.errors import CapabilityMissing, DomainError, TransitionNotAllowed
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.errors import StandingErrorCode


class Standing(StrEnum):
    APPLICANT = "applicant"
    PARTICIPATING = "participating"
    PROBATION = "probation"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"
    WITHDRAWN = "withdrawn"


class Grounds(StrEnum):
    """What a standing decision rests on (cited on the decision, the notice and the public log)."""

    ONBOARDING_AUDIT = "onboarding_audit"
    ZERO_TOLERANCE = "zero_tolerance"  # a confirmed zero-tolerance finding (audit or complaint)
    OVERDUE_CAP = "overdue_cap"  # overdue serious corrective actions
    ESCALATION = "escalation"  # a stage of the escalation protocol
    REMEDIED = "remedied"  # probation lifted: no overdue serious CAP item left
    REENTRY_AUDIT = "reentry_audit"  # reinstatement after a passed re-entry audit
    MONITOR_DECISION = "monitor_decision"  # termination of a suspended facility
    SUPPLIER_LEFT = "supplier_left"


class Stage(StrEnum):
    STAGE_1 = "stage_1"
    STAGE_2 = "stage_2"
    STAGE_3 = "stage_3"
    TERMINATED = "terminated"
    CLOSED = "closed"  # de-escalated


# Standing in which a brand may buy from a facility.
ELIGIBLE = frozenset({Standing.PARTICIPATING, Standing.PROBATION})
# Standing changes announced to every brand sourcing from the facility.
MARKET_CONSEQUENCE = frozenset({Standing.SUSPENDED, Standing.TERMINATED})
FINAL = frozenset({Standing.TERMINATED, Standing.WITHDRAWN})
OPEN_STAGES = frozenset({Stage.STAGE_1, Stage.STAGE_2, Stage.STAGE_3})


@dataclass(frozen=True)
class Move:
    capability: str
    grounds: frozenset[Grounds]


S, G = Standing, Grounds
MOVES: dict[tuple[Standing, Standing], Move] = {
    (S.APPLICANT, S.PARTICIPATING): Move(SC.DECIDE, frozenset({G.ONBOARDING_AUDIT})),
    (S.PARTICIPATING, S.PROBATION): Move(SC.DECIDE, frozenset({G.OVERDUE_CAP, G.ESCALATION})),
    (S.PROBATION, S.PARTICIPATING): Move(SC.DECIDE, frozenset({G.REMEDIED})),
    (S.PARTICIPATING, S.SUSPENDED): Move(SC.DECIDE, frozenset({G.ZERO_TOLERANCE, G.ESCALATION})),
    (S.PROBATION, S.SUSPENDED): Move(SC.DECIDE, frozenset({G.ZERO_TOLERANCE, G.ESCALATION})),
    (S.SUSPENDED, S.PARTICIPATING): Move(SC.DECIDE, frozenset({G.REENTRY_AUDIT})),
    (S.SUSPENDED, S.TERMINATED): Move(SC.DECIDE, frozenset({G.MONITOR_DECISION, G.ESCALATION})),
    (S.PARTICIPATING, S.TERMINATED): Move(SC.DECIDE, frozenset({G.ESCALATION})),
    (S.PROBATION, S.TERMINATED): Move(SC.DECIDE, frozenset({G.ESCALATION})),
    **{
        (s, S.WITHDRAWN): Move(SC.DECIDE, frozenset({G.SUPPLIER_LEFT}))
        for s in (S.APPLICANT, S.PARTICIPATING, S.PROBATION, S.SUSPENDED)
    },
}

STAGE_MOVES: dict[tuple[Stage, Stage], str] = {
    (Stage.STAGE_1, Stage.STAGE_2): SC.ESCALATE,
    (Stage.STAGE_2, Stage.STAGE_3): SC.ESCALATE,
    (Stage.STAGE_3, Stage.TERMINATED): SC.ESCALATE,
    (Stage.STAGE_2, Stage.STAGE_1): SC.ESCALATE,  # de-escalation on adequate progress
    (Stage.STAGE_3, Stage.STAGE_2): SC.ESCALATE,
    (Stage.STAGE_1, Stage.CLOSED): SC.ESCALATE,
    (Stage.STAGE_2, Stage.CLOSED): SC.ESCALATE,
    (Stage.STAGE_3, Stage.CLOSED): SC.ESCALATE,
}
ADVANCE = {Stage.STAGE_1: Stage.STAGE_2, Stage.STAGE_2: Stage.STAGE_3, Stage.STAGE_3: Stage.TERMINATED}


class StandingRefused(DomainError):
    """A standing or stage move refused for a stated reason (``code`` is stable)."""


# Stable refusal codes (the services translate them; tests assert them).
GROUNDS_NOT_ACCEPTED = StandingErrorCode.GROUNDS_NOT_ACCEPTED
ONBOARDING_AUDIT_MISSING = StandingErrorCode.ONBOARDING_AUDIT_MISSING
NO_OVERDUE_SERIOUS_CAP = StandingErrorCode.NO_OVERDUE_SERIOUS_CAP
OVERDUE_SERIOUS_CAP_LEFT = StandingErrorCode.OVERDUE_SERIOUS_CAP_LEFT
MINIMUM_NOT_ELAPSED = StandingErrorCode.MINIMUM_NOT_ELAPSED
CAP_NOT_VERIFIED = StandingErrorCode.CAP_NOT_VERIFIED
REENTRY_AUDIT_MISSING = StandingErrorCode.REENTRY_AUDIT_MISSING
STAGE_NOT_ELAPSED = StandingErrorCode.STAGE_NOT_ELAPSED
MEETING_NOT_HELD = StandingErrorCode.MEETING_NOT_HELD
REMEDY_NOT_ALLOWED = StandingErrorCode.REMEDY_NOT_ALLOWED
REMEDY_TOO_LATE = StandingErrorCode.REMEDY_TOO_LATE
REASON_REQUIRED = StandingErrorCode.REASON_REQUIRED
FACILITY_IN_GOOD_STANDING = StandingErrorCode.FACILITY_IN_GOOD_STANDING


@dataclass(frozen=True)
class Facts:
    """What the database says about the facility, for the conditions of a move."""

    today: dt.date
    onboarding_audit_passed: bool = False
    overdue_serious_caps: int = 0
    suspended_on: dt.date | None = None
    suspension_minimum_days: int = 90
    unverified_caps: int = 0
    reentry_audit_passed: bool = False


def reinstatement_date(suspended_on: dt.date, minimum_days: int) -> dt.date:
    """The first day a suspended facility may be reinstated."""
    return suspended_on + dt.timedelta(days=minimum_days)


def check_move(
    current: str,
    target: str,
    held: frozenset[str],
    *,
    grounds: str,
    facts: Facts,
    reason: str = "",
) -> None:
    """Raise unless ``current -> target`` is allowed with these grounds, capabilities and facts."""
    move = MOVES.get((Standing(current), Standing(target)))
    if move is None:
        raise TransitionNotAllowed(str(current), str(target))
    if move.capability not in held:
        raise CapabilityMissing(move.capability)
    if Grounds(grounds) not in move.grounds:
        raise StandingRefused(f"'{grounds}' are not grounds for {current} -> {target}.", code=GROUNDS_NOT_ACCEPTED)
    if not reason.strip():
        raise StandingRefused("A standing decision states its reason.", code=REASON_REQUIRED)
    cur, tgt = Standing(current), Standing(target)
    if (cur, tgt) == (S.APPLICANT, S.PARTICIPATING) and not facts.onboarding_audit_passed:
        raise StandingRefused("No passed onboarding audit.", code=ONBOARDING_AUDIT_MISSING)
    if tgt == S.PROBATION and grounds == G.OVERDUE_CAP and facts.overdue_serious_caps < 1:
        raise StandingRefused("No serious corrective action is overdue.", code=NO_OVERDUE_SERIOUS_CAP)
    if (cur, tgt) == (S.PROBATION, S.PARTICIPATING) and facts.overdue_serious_caps > 0:
        raise StandingRefused("Serious corrective actions are still overdue.", code=OVERDUE_SERIOUS_CAP_LEFT)
    if (cur, tgt) == (S.SUSPENDED, S.PARTICIPATING):
        check_reinstatement(facts)


def check_reinstatement(facts: Facts) -> None:
    """All three conditions of reinstatement, checked in the order a monitor fixes them."""
    if facts.suspended_on is None or facts.today < reinstatement_date(
        facts.suspended_on, facts.suspension_minimum_days
    ):
        raise StandingRefused("The minimum suspension has not elapsed.", code=MINIMUM_NOT_ELAPSED)
    if facts.unverified_caps > 0:
        raise StandingRefused("Corrective actions are not all verified.", code=CAP_NOT_VERIFIED)
    if not facts.reentry_audit_passed:
        raise StandingRefused("No passed re-entry audit since the suspension.", code=REENTRY_AUDIT_MISSING)


def allowed_targets(current: str) -> list[Standing]:
    return [to for (frm, to) in MOVES if frm == current]


def grounds_for(current: str, target: str) -> frozenset[Grounds]:
    move = MOVES.get((Standing(current), Standing(target)))
    return move.grounds if move else frozenset()


# --- zero tolerance: suspend at once, unless the program allows an immediate remedy -------------


def zero_tolerance_remedy_check(*, remedy_hours: int, confirmed_at: dt.datetime, now: dt.datetime) -> None:
    """An immediate remedy (e.g. the harasser dismissed at once and corrective action taken) is
    recorded instead of a suspension only where the program allows it (``remedy_hours`` > 0), and
    only within that many hours of the confirmation."""
    if remedy_hours <= 0:
        raise StandingRefused("This program does not allow an immediate remedy.", code=REMEDY_NOT_ALLOWED)
    if now > confirmed_at + dt.timedelta(hours=remedy_hours):
        raise StandingRefused("The time for an immediate remedy has passed.", code=REMEDY_TOO_LATE)


def zero_tolerance_suspends_at_once(remedy_hours: int) -> bool:
    """Without an immediate-remedy allowance the confirmation itself suspends the facility."""
    return remedy_hours <= 0


class CaseStatus(StrEnum):
    """A zero-tolerance case: open until the facility is suspended, the immediate remedy is
    recorded, or (the facility not being in good standing: an applicant, or already suspended,
    terminated or withdrawn, so there is nothing to suspend) a monitor closes it with a reason."""

    OPEN = "open"
    SUSPENDED = "suspended"
    REMEDIED = "remedied"
    CLOSED = "closed"


CASE_MOVES: dict[tuple[CaseStatus, CaseStatus], str] = {
    (CaseStatus.OPEN, CaseStatus.SUSPENDED): SC.DECIDE,
    (CaseStatus.OPEN, CaseStatus.REMEDIED): SC.DECIDE,
    (CaseStatus.OPEN, CaseStatus.CLOSED): SC.DECIDE,
}


def check_case_close(current: str, target: str, held: frozenset[str], *, standing: str, reason: str = "") -> None:
    """A monitor closes an open case without a suspension only where the facility is not in good
    standing (a suspension is then impossible: ``applicant -> suspended`` is no standing move), and
    states why (e.g. "admission refused until a new onboarding audit")."""
    needed = CASE_MOVES.get((CaseStatus(current), CaseStatus(target)))
    if needed is None or CaseStatus(target) != CaseStatus.CLOSED:
        raise TransitionNotAllowed(str(current), str(target))
    if needed not in held:
        raise CapabilityMissing(needed)
    if not reason.strip():
        raise StandingRefused("Closing a zero-tolerance case states its reason.", code=REASON_REQUIRED)
    if Standing(standing) in ELIGIBLE:
        raise StandingRefused(
            "The facility is in good standing: suspend it (or record the immediate remedy).",
            code=FACILITY_IN_GOOD_STANDING,
        )


def case_outcomes(*, standing: str, remedy_hours: int) -> list[CaseStatus]:
    """What a monitor may do with an open case: suspend a facility in good standing, record the
    immediate remedy where the program allows one, close it where the facility is not in good
    standing."""
    eligible = Standing(standing) in ELIGIBLE
    outcomes = [CaseStatus.SUSPENDED] if eligible else []
    if remedy_hours > 0:
        outcomes.append(CaseStatus.REMEDIED)
    if not eligible:
        outcomes.append(CaseStatus.CLOSED)
    return outcomes


# --- escalation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageFacts:
    today: dt.date
    stage_since: dt.date
    stage_days: int  # the current stage's length from the program's rules
    meeting_held: bool = False


def stage_ends_on(stage_since: dt.date, stage_days: int) -> dt.date:
    return stage_since + dt.timedelta(days=stage_days)


def check_stage_move(current: str, target: str, held: frozenset[str], *, facts: StageFacts, reason: str = "") -> None:
    needed = STAGE_MOVES.get((Stage(current), Stage(target)))
    if needed is None:
        raise TransitionNotAllowed(str(current), str(target))
    if needed not in held:
        raise CapabilityMissing(needed)
    if not reason.strip():
        raise StandingRefused("An escalation decision states its reason.", code=REASON_REQUIRED)
    if ADVANCE.get(Stage(current)) == Stage(target):
        if facts.today < stage_ends_on(facts.stage_since, facts.stage_days):
            raise StandingRefused("The stage's length has not elapsed.", code=STAGE_NOT_ELAPSED)
        if Stage(current) == Stage.STAGE_2 and not facts.meeting_held:
            raise StandingRefused("The mandatory stage 2 meeting has not been held.", code=MEETING_NOT_HELD)


def allowed_stage_targets(current: str) -> list[Stage]:
    return [to for (frm, to) in STAGE_MOVES if frm == current]


# --- history: the standing on any past day --------------------------------------------------------


@dataclass(frozen=True)
class Change:
    at: dt.datetime  # aware UTC
    to: str


def standing_at(history: Sequence[Change], moment: dt.datetime, initial: str = Standing.APPLICANT) -> str:
    """The standing in force at ``moment`` (changes ordered by time; a change applies from its moment)."""
    state = initial
    for change in history:
        if change.at > moment:
            break
        state = change.to
    return state


def eligible_on(history: Iterable[Change], day: dt.date, initial: str = Standing.APPLICANT) -> bool:
    """Eligible on ``day`` (UTC) only if eligible for the whole day: eligible at its start and no
    change during it to an ineligible standing (a purchase that day cannot have been made while
    the facility was in good standing if it was suspended at any hour of that day)."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
    end = start + dt.timedelta(days=1)
    ordered = sorted(history, key=lambda c: c.at)  # stable: changes at one moment keep their order
    states = [standing_at([c for c in ordered if c.at <= start], start, initial)]
    # Of several changes at one moment only the last holds for any time (the others lasted no time).
    states += list({c.at: c.to for c in ordered if start < c.at < end}.values())
    return all(Standing(s) in ELIGIBLE for s in states)


# --- the worker organisation's objections ---------------------------------------------------------


def objection_answer_due(lodged_at: dt.datetime, answer_days: int) -> dt.datetime:
    return lodged_at + dt.timedelta(days=answer_days)


def objection_is_overdue(*, lodged_at: dt.datetime, answer_days: int, answered: bool, now: dt.datetime) -> bool:
    return not answered and now > objection_answer_due(lodged_at, answer_days)
