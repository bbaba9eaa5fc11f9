"""The case workflow, one service per step. ``transitions.check_move`` decides; these write.

Acknowledging and triaging are open to every investigator of the program (the queue is shared);
from the investigation on, the steps belong to the case's assigned investigators (and program
admins, who hold ASSIGN). A substantiated finding on a zero-tolerance provision records a
``zero_tolerance_finding_confirmed`` event per provision (facility public id and provision ref),
which supplier standing consumes; nothing about a single case goes to the public log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wsr.complaints import transitions
from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.errors import ComplaintErrorCode
from wsr.complaints.events import ComplaintEvent
from wsr.complaints.events import ComplaintEvent as E
from wsr.complaints.models import Complaint, Direction, Message
from wsr.complaints.services import common, vault
from wsr.complaints.services.intake import GBVH, MAX_DESCRIPTION_CHARS
from wsr.complaints.sla import is_severe
from wsr.complaints.transitions import CaseState, FindingOutcome, GateRefused, triage_rules
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.standards.models import Category, Provision, Tier
from wsr.standards.selectors import code_version_in_force

S = CaseState
_TIER_ORDER = {Tier.ZERO_TOLERANCE: 3, Tier.SERIOUS: 2, Tier.MINOR: 1}

GATE_MESSAGES = {
    transitions.RETALIATION_ALWAYS_IN_SCOPE: gettext_lazy("A retaliation complaint is always in scope."),
    transitions.REASON_REQUIRED: gettext_lazy("Give a reason."),
    transitions.OUTCOME_REQUIRED: gettext_lazy("Choose the finding."),
    transitions.REMEDY_NEEDS_SUBSTANTIATED: gettext_lazy(
        "A remedy follows a substantiated or partly substantiated finding."
    ),
    transitions.REMEDY_REQUIRED: gettext_lazy("A substantiated finding needs a remedy before the case can close."),
}


def _rules(
    current: str, target: str, held: frozenset[str], *, category: str, outcome: str | None = None, reason: str = ""
) -> None:
    """The pure move check of ``transitions``, its gate refusals in the investigator's language."""
    try:
        transitions.check_move(current, target, held, category=category, outcome=outcome, reason=reason)
    except GateRefused as exc:
        raise DomainError(str(GATE_MESSAGES.get(exc.code, exc.code)), code=ComplaintErrorCode(exc.code)) from None


def _check(actor: Actor, complaint: Complaint, target: str, *, outcome: str | None = None, reason: str = "") -> None:
    """Ask early (before costlier validation) so a refused move answers first; the step asks again."""
    _rules(
        complaint.status,
        target,
        common.held(actor, complaint),
        category=complaint.category,
        outcome=outcome,
        reason=reason,
    )


def _step(
    actor: Actor,
    complaint: Complaint,
    target: str,
    event: ComplaintEvent,
    *,
    outcome: str | None = None,
    reason: str = "",
    **kwargs: Any,
) -> Complaint:
    return workflow_step(
        actor=actor,
        obj=complaint,
        event=event,
        program=complaint.program,
        to=target,
        rules=_rules,
        rules_kwargs={"category": complaint.category, "outcome": outcome, "reason": reason},
        reason=_reason(reason),
        what="complaint",
        **kwargs,
    )


def _require_on_case(actor: Actor, complaint: Complaint) -> None:
    """From the investigation on: the assigned investigators, or a program admin."""
    if actor.can(C.ASSIGN, complaint.program_id) or common.is_assigned(actor, complaint):
        return
    raise DomainError(
        _("Only the investigators assigned to this case can do this."), code=ComplaintErrorCode.NOT_ASSIGNED
    )


def _reason(text: str) -> str:
    return (text or "").strip()[:2000]


# --- intake to triage ----------------------------------------------------------------------------


def complaint_acknowledge(*, actor: Actor, complaint: Complaint) -> Complaint:
    common.require_case(actor, complaint, C.ACKNOWLEDGE)
    _check(actor, complaint, S.ACKNOWLEDGED)
    return _step(actor, complaint, S.ACKNOWLEDGED, E.ACKNOWLEDGED, changes={"acknowledged_at": clock.now()})


def _provisions(complaint: Complaint, refs: Iterable[str]) -> tuple[Any, list[Provision]]:
    wanted = sorted({r.strip() for r in refs if r and r.strip()})
    if not wanted:
        raise DomainError(_("Cite at least one provision of the Code."), code=ComplaintErrorCode.PROVISION_REQUIRED)
    version = code_version_in_force(complaint.program, complaint.received_at.date())
    if version is None:
        raise DomainError(
            _("No Code version was in force on the day this complaint was received."),
            code=ComplaintErrorCode.NO_CODE_IN_FORCE,
        )
    found = {p.ref: p for p in version.provisions.filter(ref__in=wanted)}
    missing = [r for r in wanted if r not in found]
    if missing:
        raise DomainError(
            _("Not in the Code version in force (v%(n)s): %(refs)s")
            % {"n": version.number, "refs": ", ".join(missing)},
            code=ComplaintErrorCode.UNKNOWN_PROVISION,
        )
    return version, [found[r] for r in wanted]


def complaint_triage_in_scope(
    *,
    actor: Actor,
    complaint: Complaint,
    provision_refs: list[str],
    category: str = "",
    imminent_danger: bool | None = None,
    priority: bool = False,
    reason: str = "",
) -> Complaint:
    """In scope: the provisions it concerns (Code in force on the day received) set the severity
    tier; severe = zero tolerance, retaliation or imminent danger; retaliation is always priority."""
    common.require_case(actor, complaint, C.TRIAGE)
    category = category or complaint.category
    if category not in Category.values:
        raise DomainError(_("Choose a category."), code=ComplaintErrorCode.BAD_CATEGORY)
    _check(actor, complaint, S.TRIAGED_IN_SCOPE)
    version, provisions = _provisions(complaint, provision_refs)
    tier = max((p.tier for p in provisions), key=lambda t: _TIER_ORDER.get(Tier(t), 0))
    danger = complaint.imminent_danger if imminent_danger is None else imminent_danger
    severe = is_severe(tier=tier, category=category, imminent_danger=danger)
    urgent = triage_rules(category).priority or priority or severe
    return _step(
        actor,
        complaint,
        S.TRIAGED_IN_SCOPE,
        E.TRIAGED_IN_SCOPE,
        reason=reason,
        changes={
            "category": category,
            "gbvh": category == GBVH,
            "imminent_danger": danger,
            "severe": severe,
            "priority": urgent,
            "tier": tier,
            "code_version": version,
        },
        data={
            "category": category,
            "code_version": version.public_id,
            "provisions": [p.ref for p in provisions],
            "tier": tier,
            "severe": severe,
            "priority": urgent,
        },
        side_effects=[lambda c: c.provisions.set(provisions)],
    )


def complaint_triage_out_of_scope(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    common.require_case(actor, complaint, C.TRIAGE)
    _check(actor, complaint, S.TRIAGED_OUT_OF_SCOPE)
    if not _reason(reason):
        raise DomainError(_("Say why the complaint is out of scope."), code=ComplaintErrorCode.REASON_REQUIRED)
    return _step(
        actor,
        complaint,
        S.TRIAGED_OUT_OF_SCOPE,
        E.TRIAGED_OUT_OF_SCOPE,
        reason=reason,
        changes={"tier": ""},
        side_effects=[lambda c: c.provisions.clear()],
    )


def complaint_forward(*, actor: Actor, complaint: Complaint, forwarded_to: str, reason: str) -> Complaint:
    common.require_case(actor, complaint, C.TRIAGE)
    _check(actor, complaint, S.FORWARDED, reason=reason)
    forwarded_to = (forwarded_to or "").strip()
    if not forwarded_to:
        raise DomainError(_("Say who the complaint goes to."), code=ComplaintErrorCode.FORWARDED_TO_REQUIRED)
    return _step(
        actor,
        complaint,
        S.FORWARDED,
        E.FORWARDED,
        reason=reason,
        changes={"forwarded_to": forwarded_to[:200], "forward_reason": _reason(reason), "closed_at": clock.now()},
        data={"forwarded_to": forwarded_to[:200]},
    )


# --- investigation to closing --------------------------------------------------------------------


def complaint_investigation_start(*, actor: Actor, complaint: Complaint) -> Complaint:
    common.require_case(actor, complaint, C.INVESTIGATE)
    _check(actor, complaint, S.INVESTIGATING)
    if not complaint.assignments.exists():
        raise DomainError(_("Assign an investigator first."), code=ComplaintErrorCode.INVESTIGATOR_REQUIRED)
    _require_on_case(actor, complaint)
    return _step(actor, complaint, S.INVESTIGATING, E.INVESTIGATION_STARTED)


def _zero_tolerance_confirmed(actor: Actor, refs: list[tuple[str, str]]) -> Callable[[Complaint], None]:
    """Side effect of a substantiated finding: one event per zero-tolerance provision, which
    supplier standing consumes at once (same transaction)."""

    def effect(complaint: Complaint) -> None:
        for ref, tier in refs:
            if tier == Tier.ZERO_TOLERANCE:
                common.record(
                    actor,
                    complaint,
                    E.ZERO_TOLERANCE_CONFIRMED,
                    data={
                        "complaint": complaint.public_id,
                        "facility": complaint.facility.public_id if complaint.facility else None,
                        "provision": ref,
                        "code_version": complaint.code_version.public_id if complaint.code_version else None,
                    },
                )
        from wsr.standing.services import zero_tolerance_consume  # standing acts on the confirmation

        zero_tolerance_consume()

    return effect


def complaint_finding_record(*, actor: Actor, complaint: Complaint, outcome: str, summary: str) -> Complaint:
    common.require_case(actor, complaint, C.RECORD_FINDING)
    if outcome not in {o.value for o in FindingOutcome}:
        raise DomainError(_("Choose the finding."), code=ComplaintErrorCode.OUTCOME_REQUIRED)
    _check(actor, complaint, S.FINDING, outcome=outcome)
    _require_on_case(actor, complaint)
    summary = (summary or "").strip()
    if not summary:
        raise DomainError(_("Summarise the finding."), code=ComplaintErrorCode.SUMMARY_REQUIRED)
    refs = list(complaint.provisions.order_by("ref").values_list("ref", "tier"))
    confirmed = [_zero_tolerance_confirmed(actor, refs)] if outcome == FindingOutcome.SUBSTANTIATED else []
    return _step(
        actor,
        complaint,
        S.FINDING,
        E.FINDING_RECORDED,
        outcome=outcome,
        changes={
            "finding_outcome": outcome,
            "finding_summary": summary[:MAX_DESCRIPTION_CHARS],
            "finding_at": clock.now(),
        },
        data={"outcome": outcome, "provisions": [r for r, _t in refs]},
        side_effects=confirmed,
    )


def complaint_remedy_direct(*, actor: Actor, complaint: Complaint, what: str, who: str, due: dt.date) -> Complaint:
    common.require_case(actor, complaint, C.DIRECT_REMEDY)
    outcome = complaint.finding_outcome or None
    _check(actor, complaint, S.REMEDY_DIRECTED, outcome=outcome)
    _require_on_case(actor, complaint)
    what, who = (what or "").strip(), (who or "").strip()
    if not what or not who or due is None:
        raise DomainError(_("Say what must be done, by whom and by when."), code=ComplaintErrorCode.REMEDY_INCOMPLETE)
    if due < clock.today():
        raise DomainError(_("The due date is in the past."), code=ComplaintErrorCode.DUE_IN_PAST)
    return _step(
        actor,
        complaint,
        S.REMEDY_DIRECTED,
        E.REMEDY_DIRECTED,
        outcome=outcome,
        changes={"remedy_what": what[:MAX_DESCRIPTION_CHARS], "remedy_who": who[:200], "remedy_due": due},
        data={"due": due.isoformat()},
    )


def complaint_remedy_verify(*, actor: Actor, complaint: Complaint, note: str = "") -> Complaint:
    common.require_case(actor, complaint, C.VERIFY_REMEDY)
    outcome = complaint.finding_outcome or None
    _check(actor, complaint, S.REMEDY_VERIFIED, outcome=outcome)
    _require_on_case(actor, complaint)
    now = clock.now()
    return _step(
        actor,
        complaint,
        S.REMEDY_VERIFIED,
        E.REMEDY_VERIFIED,
        outcome=outcome,
        reason=note,
        changes={"remedy_verified_at": now, "resolved_at": complaint.resolved_at or now},
    )


def complaint_close(*, actor: Actor, complaint: Complaint, reason: str = "") -> Complaint:
    common.require_case(actor, complaint, C.CLOSE)
    outcome = complaint.finding_outcome or None
    _check(actor, complaint, S.CLOSED, outcome=outcome)
    _require_on_case(actor, complaint)
    now = clock.now()
    return _step(
        actor,
        complaint,
        S.CLOSED,
        E.CLOSED,
        outcome=outcome,
        reason=reason,
        changes={"closed_at": now, "resolved_at": complaint.resolved_at or now, "awaiting_complainant": False},
    )


def complaint_reopen(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    """Recurrence: back to investigating with a new resolve period; the earlier finding and remedy
    stay in the history (events), the case's current ones are cleared."""
    common.require_case(actor, complaint, C.REOPEN)
    _check(actor, complaint, S.INVESTIGATING, reason=reason)
    return _step(
        actor,
        complaint,
        S.INVESTIGATING,
        E.REOPENED,
        reason=reason,
        changes={
            "closed_at": None,
            "resolved_at": None,
            "finding_outcome": "",
            "finding_summary": "",
            "finding_at": None,
            "remedy_what": "",
            "remedy_who": "",
            "remedy_due": None,
            "remedy_verified_at": None,
            "reopened_count": complaint.reopened_count + 1,
        },
    )


# --- the complainant ---------------------------------------------------------------------------


def complaint_edit(
    actor: Actor,
    complaint: Complaint,
    event: ComplaintEvent,
    *,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    side_effects: Iterable[Callable[[Complaint], object]] = (),
) -> Complaint:
    """A change that keeps the status, through the one workflow step: guarded by the status and the
    last change as read (someone else's change meanwhile is a ``ConcurrentChange``)."""
    return workflow_step(
        actor=actor,
        obj=complaint,
        event=event,
        program=complaint.program,
        changes=changes,
        guard={"updated_at": complaint.updated_at},
        reason=_reason(reason),
        data=data,
        side_effects=side_effects,
        what="complaint",
    )


def complaint_message_send(*, actor: Actor, complaint: Complaint, text: str) -> Message:
    """A message to the complainant (read with the case code); counts as an interim update."""
    common.require_case(actor, complaint, C.MESSAGE_COMPLAINANT)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write a message."), code=ComplaintErrorCode.MESSAGE_REQUIRED)
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise DomainError(_("The message is too long."), code=ComplaintErrorCode.MESSAGE_TOO_LONG)
    if complaint.status == S.FORWARDED:
        raise DomainError(_("This case was forwarded."), code=ComplaintErrorCode.CASE_NOT_OPEN)
    key = vault.case_key(complaint)
    message = Message(complaint=complaint, direction=Direction.TO_COMPLAINANT, author=actor.user, sent_at=clock.now())
    message.body = vault.seal(key, complaint, "message", "body", text, message.public_id)
    complaint_edit(
        actor, complaint, E.MESSAGE_SENT, data={"message": message.public_id}, side_effects=[lambda c: message.save()]
    )
    return message


def complaint_awaiting_start(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    """Pause the SLA clocks while waiting for the complainant (the only pause there is)."""
    common.require_case(actor, complaint, C.MESSAGE_COMPLAINANT)
    if not complaint.is_open:
        raise DomainError(_("This case is not open."), code=ComplaintErrorCode.CASE_NOT_OPEN)
    if complaint.awaiting_complainant:
        raise DomainError(_("Already waiting for the complainant."), code=ComplaintErrorCode.ALREADY_AWAITING)
    if not _reason(reason):
        raise DomainError(_("Say what you are waiting for."), code=ComplaintErrorCode.REASON_REQUIRED)
    return complaint_edit(actor, complaint, E.AWAITING_STARTED, changes={"awaiting_complainant": True}, reason=reason)


def complaint_awaiting_end(*, actor: Actor, complaint: Complaint) -> Complaint:
    common.require_case(actor, complaint, C.MESSAGE_COMPLAINANT)
    if not complaint.awaiting_complainant:
        raise DomainError(_("The case is not waiting for the complainant."), code=ComplaintErrorCode.NOT_AWAITING)
    return complaint_edit(actor, complaint, E.AWAITING_ENDED, changes={"awaiting_complainant": False})
