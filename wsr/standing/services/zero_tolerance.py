"""A confirmed zero-tolerance violation suspends the facility at once, unless the program's rule
allows an immediate remedy (``zero_tolerance_remedy_hours`` > 0): then the case waits for a
monitor, who either suspends or records the remedy within the allowed hours. A case at a
facility not in good standing (an applicant, or one already suspended, terminated or withdrawn)
cannot suspend anything: a monitor closes it with a reason (``zero_tolerance_close``), a public
fact like the remedy.

Consumed from the events that confirm a violation: ``zero_tolerance_finding_confirmed`` (a
complaint's substantiated finding) and ``finding_recorded`` with severity ``zero_tolerance`` (an
audit's finding). ``zero_tolerance_consume`` is called by the complaint finding step and by the
periodic standing sweep (which catches anything missed); the case row is unique per event, so an
event is consumed once.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wsr.accounts.selectors import actor_for_user
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.models import Event
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.programs.models import Program
from wsr.registry.models import Facility
from wsr.standards.models import Tier
from wsr.standing import transitions as t
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.errors import StandingErrorCode
from wsr.standing.events import StandingEvent
from wsr.standing.models import FacilityStanding, ZeroToleranceCase
from wsr.standing.services.decisions import refusal, standing_decide
from wsr.standing.transitions import Grounds, Standing

logger = logging.getLogger(__name__)

CONFIRMED = "zero_tolerance_finding_confirmed"
FINDING_RECORDED = "finding_recorded"


def _events_unconsumed(event_ids: list[int] | None):  # type: ignore[no-untyped-def]
    confirming = Q(verb=CONFIRMED) | Q(verb=FINDING_RECORDED, data__severity=Tier.ZERO_TOLERANCE.value)
    qs = Event.objects.filter(confirming).exclude(pk__in=ZeroToleranceCase.objects.values("source_event_id"))
    if event_ids is not None:
        qs = qs.filter(pk__in=event_ids)
    return qs.select_related("actor_user").order_by("pk")


def zero_tolerance_consume(*, event_ids: list[int] | None = None) -> int:
    """Open a case for each confirming event not yet consumed; suspend at once where the program
    allows no immediate remedy. Returns how many cases were opened."""
    opened = 0
    for event in _events_unconsumed(event_ids)[:500]:
        data = event.data or {}
        if event.verb == FINDING_RECORDED and data.get("severity") != Tier.ZERO_TOLERANCE:
            continue
        program = Program.objects.filter(public_id=event.program_public_id).first()
        facility = Facility.objects.filter(public_id=data.get("facility") or "").first()
        if program is None or facility is None:
            continue
        try:
            with transaction.atomic():
                case = _case_open(event, program, facility)
        except IntegrityError:
            continue  # consumed meanwhile by another caller
        opened += 1
        if t.zero_tolerance_suspends_at_once(program.zero_tolerance_remedy_hours):
            _suspend_at_once(case, event)
    return opened


def _case_open(event: Event, program: Program, facility: Facility) -> ZeroToleranceCase:
    data = event.data or {}
    case = ZeroToleranceCase.objects.create(
        program=program,
        facility=facility,
        source_event_id=event.pk,
        complaint_public_id=str(data.get("complaint") or "")[:40],
        finding_public_id=event.object_public_id if event.verb == FINDING_RECORDED else "",
        provision_ref=str(data.get("provision") or "")[:16],
        confirmed_at=event.occurred_at,
    )
    workflow_step(
        actor=Actor.system("zero-tolerance intake"),
        obj=case,
        event=StandingEvent.ZERO_TOLERANCE_OPENED,
        program=program,
        data={"case": case.public_id, "facility": facility.public_id, "provision": case.provision_ref},
    )
    return case


def _suspend_at_once(case: ZeroToleranceCase, event: Event) -> None:
    """The confirming monitor's finding is the decision: suspend in the name of that monitor. A
    facility not in good standing (an applicant, already suspended) leaves the case open for a
    monitor to see on the to-do list."""
    standing = FacilityStanding.objects.filter(program=case.program, facility=case.facility).first()
    if standing is None or Standing(standing.status) not in t.ELIGIBLE:
        return
    actor = actor_for_user(event.actor_user) if event.actor_user else Actor.system("zero-tolerance intake")
    try:
        with transaction.atomic():
            zero_tolerance_suspend(
                actor=actor,
                case=case,
                reason=_("Zero-tolerance violation confirmed (provision %(ref)s): suspended at once.")
                % {"ref": case.provision_ref},
            )
    except DomainError:
        logger.warning("zero-tolerance case %s: not suspended at once; left for a monitor", case.public_id)


def zero_tolerance_suspend(
    *, actor: Actor, case: ZeroToleranceCase, reason: str, at: dt.datetime | None = None
) -> ZeroToleranceCase:
    """Suspend the facility on this case's grounds (the monitor's decision; ``at``: demo only)."""
    actor.require(SC.DECIDE, case.program_id)
    if case.status != ZeroToleranceCase.Status.OPEN:
        raise DomainError(_("This case is already decided."), code=StandingErrorCode.CASE_DECIDED)
    with transaction.atomic():
        decision = standing_decide(
            actor=actor,
            program=case.program,
            facilities=[case.facility],
            target=Standing.SUSPENDED,
            grounds=Grounds.ZERO_TOLERANCE,
            grounds_ref=case.grounds_ref,
            reason=reason,
            at=at,
        )
        updated = ZeroToleranceCase.objects.filter(pk=case.pk, status=ZeroToleranceCase.Status.OPEN).update(
            status=ZeroToleranceCase.Status.SUSPENDED, decision=decision, updated_at=clock.now()
        )
        if updated != 1:
            raise DomainError(_("This case is already decided."), code=StandingErrorCode.CASE_DECIDED)
    case.refresh_from_db()
    return case


def zero_tolerance_remedy(*, actor: Actor, case: ZeroToleranceCase, remedy: str) -> ZeroToleranceCase:
    """Record an immediate remedy instead of a suspension, where the program's rule allows it."""
    actor.require(SC.DECIDE, case.program_id)
    remedy = (remedy or "").strip()
    if not remedy:
        raise DomainError(_("Describe the immediate remedy taken."), code=StandingErrorCode.REMEDY_REQUIRED)
    try:
        t.zero_tolerance_remedy_check(
            remedy_hours=case.program.zero_tolerance_remedy_hours, confirmed_at=case.confirmed_at, now=clock.now()
        )
    except t.StandingRefused as exc:
        raise refusal(exc) from None
    return workflow_step(
        actor=actor,
        obj=case,
        event=StandingEvent.ZERO_TOLERANCE_REMEDIED,
        program=case.program,
        changes={"status": ZeroToleranceCase.Status.REMEDIED, "remedy": remedy},
        guard={"status": ZeroToleranceCase.Status.OPEN},
        state_field=None,
        reason=remedy,
        data={"case": case.public_id, "facility": case.facility.public_id},
        public={
            "facility": case.facility.public_id,
            "facility_name": case.facility.name,
            "provision": case.provision_ref,
            "outcome": "immediate_remedy",
            "decided_by": actor.label,
        },
        public_kind="zero_tolerance_remedied",
    )


def zero_tolerance_close(*, actor: Actor, case: ZeroToleranceCase, reason: str) -> ZeroToleranceCase:
    """Close an open case without a suspension: the facility is not in good standing (an
    applicant, or already suspended, terminated or withdrawn). The monitor states why; the
    closing is an event and a public fact (facility, provision, its standing, who decided)."""
    reason = (reason or "").strip()
    standing = FacilityStanding.objects.filter(program=case.program, facility=case.facility).first()
    current = standing.status if standing else Standing.APPLICANT
    try:
        return workflow_step(
            actor=actor,
            obj=case,
            event=StandingEvent.ZERO_TOLERANCE_CLOSED,
            program=case.program,
            to=t.CaseStatus.CLOSED,
            rules=t.check_case_close,
            rules_kwargs={"standing": current, "reason": reason},
            changes={"closing_reason": reason},
            reason=reason,
            data={"case": case.public_id, "facility": case.facility.public_id, "standing": str(current)},
            public={
                "facility": case.facility.public_id,
                "facility_name": case.facility.name,
                "provision": case.provision_ref,
                "outcome": "closed_not_in_good_standing",
                "standing": str(current),
                "decided_by": actor.label,
            },
            public_kind="zero_tolerance_closed",
            what=str(_("zero-tolerance case")),
        )
    except t.StandingRefused as exc:
        if exc.code == t.FACILITY_IN_GOOD_STANDING:
            raise DomainError(
                _("The facility is in good standing: suspend it, or record the immediate remedy."),
                code=StandingErrorCode.FACILITY_IN_GOOD_STANDING,
            ) from None
        if exc.code == t.REASON_REQUIRED:
            raise DomainError(
                _("Say why the case is closed: it is published."), code=StandingErrorCode.REASON_REQUIRED
            ) from None
        raise refusal(exc) from None
