"""Audit and corrective-action workflows as data: every allowed move and the capability it needs.
No Django here: these rules are tested without a database.

Audits::

    planned -> in_progress -> completed
       \\            \\-> cancelled
        \\-> cancelled

Corrective action plan (CAP) items::

    drafted -> agreed -> in_progress -> reported_fixed -> verified_fixed
                  ^            ^              |
                  |            \\-- reopened <-/
                  (the monitor agrees the plan; the supplier does the work and reports it fixed;
                   the monitor verifies or reopens: a fix is never verified without a report)

The organisation that reported a fix can never verify it, whatever capabilities it holds.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from wsr.audits.capabilities import AuditCapability as AU
from wsr.core.errors import CapabilityMissing, DomainError, TransitionNotAllowed


class AuditState(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class CapState(StrEnum):
    DRAFTED = "drafted"
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    REPORTED_FIXED = "reported_fixed"
    VERIFIED_FIXED = "verified_fixed"
    REOPENED = "reopened"


class RosterState(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


AUDIT_MOVES: dict[tuple[AuditState, AuditState], AU] = {
    (AuditState.PLANNED, AuditState.IN_PROGRESS): AU.PERFORM,
    (AuditState.PLANNED, AuditState.CANCELLED): AU.PLAN,
    (AuditState.IN_PROGRESS, AuditState.COMPLETED): AU.PERFORM,
    (AuditState.IN_PROGRESS, AuditState.CANCELLED): AU.PLAN,
}

CAP_MOVES: dict[tuple[CapState, CapState], AU] = {
    (CapState.DRAFTED, CapState.AGREED): AU.CAP_EDIT,  # monitor and supplier agreed owner, date, payer
    (CapState.AGREED, CapState.IN_PROGRESS): AU.CAP_REPORT_FIXED,  # the supplier starts the work
    (CapState.IN_PROGRESS, CapState.REPORTED_FIXED): AU.CAP_REPORT_FIXED,  # with evidence
    (CapState.REPORTED_FIXED, CapState.VERIFIED_FIXED): AU.CAP_VERIFY,  # the monitor saw it fixed
    (CapState.REPORTED_FIXED, CapState.REOPENED): AU.CAP_VERIFY,  # not fixed: with a reason
    (CapState.REOPENED, CapState.IN_PROGRESS): AU.CAP_REPORT_FIXED,  # the supplier works on it again
}

ROSTER_MOVES: dict[tuple[RosterState, RosterState], AU] = {
    (RosterState.PROPOSED, RosterState.APPROVED): AU.APPROVE_ROSTER,
    (RosterState.PROPOSED, RosterState.REJECTED): AU.APPROVE_ROSTER,
}

# Findings are recorded during or after the fieldwork; the team changes only before it starts.
AUDIT_ACCEPTS_FINDINGS = frozenset({AuditState.IN_PROGRESS, AuditState.COMPLETED})
AUDIT_TEAM_EDITABLE = frozenset({AuditState.PLANNED})
AUDIT_FIELDWORK_EDITABLE = frozenset({AuditState.IN_PROGRESS, AuditState.COMPLETED})
# Items whose work is still the supplier's to do: these can fall overdue.
CAP_OPEN_WORK = frozenset({CapState.AGREED, CapState.IN_PROGRESS, CapState.REOPENED})
CAP_EDITABLE = frozenset({CapState.DRAFTED})


def _check(moves: dict, current: StrEnum, target: StrEnum, held: frozenset[str]) -> None:
    needed = moves.get((current, target))
    if needed is None:
        raise TransitionNotAllowed(str(current), str(target))
    if needed not in held:
        raise CapabilityMissing(needed)


def check_audit_move(current: str, target: str, held: frozenset[str]) -> None:
    """Raise unless ``current -> target`` is an allowed audit move and ``held`` has its capability."""
    _check(AUDIT_MOVES, AuditState(current), AuditState(target), held)


def check_cap_move(
    current: str,
    target: str,
    held: frozenset[str],
    *,
    actor_organisation_id: int | None = None,
    reported_by_organisation_id: int | None = None,
) -> None:
    """Raise unless the CAP item may move; the organisation that reported a fix never verifies it."""
    _check(CAP_MOVES, CapState(current), CapState(target), held)
    if (
        CapState(target) == CapState.VERIFIED_FIXED
        and reported_by_organisation_id is not None
        and actor_organisation_id == reported_by_organisation_id
    ):
        raise DomainError("The organisation that reported a fix cannot verify it.", code="own_report")


def check_roster_move(current: str, target: str, held: frozenset[str]) -> None:
    _check(ROSTER_MOVES, RosterState(current), RosterState(target), held)


def allowed_cap_targets(current: str) -> list[CapState]:
    return [to for (frm, to) in CAP_MOVES if frm == current]


def allowed_audit_targets(current: str) -> list[AuditState]:
    return [to for (frm, to) in AUDIT_MOVES if frm == current]


def cap_is_overdue(state: str, due_on: dt.date | None, today: dt.date) -> bool:
    """An item is overdue when the supplier still has work to do after its due date."""
    return state in CAP_OPEN_WORK and due_on is not None and due_on < today


# --- interview coverage and independence: pure arithmetic on dates and counts --------------------


def interview_share_percent(interviewed: int | None, workforce: int | None) -> int | None:
    """Workers interviewed as a whole percentage of the workforce on the day (rounded down)."""
    if interviewed is None or not workforce:
        return None
    return interviewed * 100 // workforce


def interview_norm_met(interviewed: int | None, workforce: int | None, norm_percent: int) -> bool | None:
    """Exact comparison in integers: interviewed / workforce >= norm / 100."""
    if interviewed is None or not workforce:
        return None
    return interviewed * 100 >= norm_percent * workforce


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    year, month = divmod(day.year * 12 + (day.month - 1) - months, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def progress_percent(verified: int, total: int) -> int | None:
    """Remediation progress: verified items / all items, as a whole percentage (rounded down)."""
    if total <= 0:
        return None
    return verified * 100 // total
