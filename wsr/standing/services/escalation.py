"""The escalation protocol (Accord style): stage 1 notice -> stage 2 warning with a mandatory
meeting -> stage 3 final notice -> termination, stage lengths from the program's rules, and
de-escalation on adequate progress. Each stage sends its notice (an HTML page in the portal and
an e-mail through the outbox) to the supplier, with its response window, and to every brand
sourcing from the facility. Reaching the end terminates the facility's standing (one decision)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.programs.models import Program
from wsr.registry.models import Facility
from wsr.standing import transitions as t
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.errors import StandingErrorCode
from wsr.standing.events import StandingEvent
from wsr.standing.models import Escalation, FacilityStanding, Notice
from wsr.standing.services.decisions import refusal, standing_decide
from wsr.standing.services.notices import notices_write
from wsr.standing.transitions import Grounds, Stage, Standing

STAGE_NOTICE = {
    Stage.STAGE_1: Notice.Kind.STAGE_1,
    Stage.STAGE_2: Notice.Kind.STAGE_2,
    Stage.STAGE_3: Notice.Kind.STAGE_3,
}


def stage_days(program: Program, stage: str) -> int:
    return {
        Stage.STAGE_1: program.escalation_stage1_days,
        Stage.STAGE_2: program.escalation_stage2_days,
        Stage.STAGE_3: program.escalation_stage3_days,
    }.get(Stage(stage), 0)


def _public(escalation: Escalation) -> dict[str, str]:
    return {
        "escalation": escalation.public_id,
        "facility": escalation.facility.public_id,
        "facility_name": escalation.facility.name,
        "stage": escalation.status,
    }


def _send_notice(escalation: Escalation, reason: str) -> None:
    kind = STAGE_NOTICE.get(Stage(escalation.status))
    if kind is None:
        return
    notices_write(
        program=escalation.program,
        facility=escalation.facility,
        kind=kind,
        subject_ref=f"{escalation.public_id}:{escalation.status}:{escalation.stage_since.isoformat()}",
        grounds=Grounds.ESCALATION,
        text=reason,
        respond_days=escalation.program.notice_response_days,
    )


def escalation_open(
    *, actor: Actor, program: Program, facility: Facility, reason: str, at: dt.datetime | None = None
) -> Escalation:
    """Stage 1: the notice to the supplier (and every brand sourcing from it). ``at`` back-dates
    the step (demo data only)."""
    actor.require(SC.ESCALATE, program.pk)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Give the reason for the decision: it is published."), code=StandingErrorCode.REASON_REQUIRED
        )
    standing = FacilityStanding.objects.filter(program=program, facility=facility).first()
    if standing is None or Standing(standing.status) not in t.ELIGIBLE:
        raise DomainError(_("Only a facility in good standing can be escalated."), code=StandingErrorCode.NOT_ESCALABLE)
    try:
        with transaction.atomic():
            escalation = Escalation.objects.create(
                program=program,
                facility=facility,
                stage_since=(at or clock.now()).date(),
                opened_by=actor.user,
                opened_at=at or clock.now(),
            )
            workflow_step(
                actor=actor,
                obj=escalation,
                event=StandingEvent.ESCALATION_OPENED,
                program=program,
                reason=reason,
                event_after=Stage.STAGE_1,
                data={"escalation": escalation.public_id, "facility": facility.public_id},
                public=_public,
                side_effects=[partial(_send_notice, reason=reason)],
                occurred_at=at,
            )
    except IntegrityError:
        raise DomainError(
            _("The facility already has an open escalation."), code=StandingErrorCode.ALREADY_ESCALATED
        ) from None
    return escalation


def escalation_meeting_record(
    *, actor: Actor, escalation: Escalation, held_on: dt.date, note: str, at: dt.datetime | None = None
) -> Escalation:
    """The mandatory stage 2 meeting took place (or the supplier did not come: say so in the note)."""
    actor.require(SC.ESCALATE, escalation.program_id)
    if escalation.status != Stage.STAGE_2:
        raise DomainError(_("The meeting belongs to stage 2."), code=StandingErrorCode.NOT_STAGE_2)
    if held_on is None or held_on > (at or clock.now()).date() or held_on < escalation.stage_since:
        raise DomainError(
            _("The meeting date must fall within stage 2, not in the future."), code=StandingErrorCode.BAD_DATE
        )
    return workflow_step(
        actor=actor,
        obj=escalation,
        event=StandingEvent.ESCALATION_MEETING_HELD,
        program=escalation.program,
        changes={"meeting_held_on": held_on, "meeting_note": (note or "").strip()},
        reason=(note or "").strip(),
        data={"held_on": held_on.isoformat()},
        occurred_at=at,
    )


def escalation_move(
    *, actor: Actor, escalation: Escalation, to: str, reason: str, at: dt.datetime | None = None
) -> Escalation:
    """Advance one stage (after the stage's length; stage 2 needs its meeting), step down one
    stage, or close (de-escalate). Advancing from stage 3 terminates the facility's standing."""
    program = escalation.program
    reason = (reason or "").strip()
    current = Stage(escalation.status)
    today = (at or clock.now()).date()
    facts = t.StageFacts(
        today=today,
        stage_since=escalation.stage_since,
        stage_days=stage_days(program, current),
        meeting_held=escalation.meeting_held_on is not None,
    )
    try:
        target = Stage(to)
    except ValueError:
        raise DomainError(_("Unknown stage."), code=StandingErrorCode.INVALID_CHOICE) from None
    deescalating = target == Stage.CLOSED or (t.ADVANCE.get(target) == current)
    try:
        with transaction.atomic():
            moved = workflow_step(
                actor=actor,
                obj=escalation,
                event=StandingEvent.ESCALATION_DEESCALATED if deescalating else StandingEvent.ESCALATION_ADVANCED,
                program=program,
                to=target,
                rules=t.check_stage_move,
                rules_kwargs={"facts": facts, "reason": reason},
                changes={"stage_since": today, "meeting_held_on": None} if target in t.OPEN_STAGES else {},
                reason=reason,
                data={"escalation": escalation.public_id},
                public=_public,
                side_effects=[] if deescalating else [partial(_send_notice, reason=reason)],
                occurred_at=at,
            )
            if target == Stage.TERMINATED:
                standing_decide(
                    actor=actor,
                    program=program,
                    facilities=[escalation.facility],
                    target=Standing.TERMINATED,
                    grounds=Grounds.ESCALATION,
                    grounds_ref=escalation.public_id,
                    reason=reason,
                    at=at,
                )
    except t.StandingRefused as exc:
        raise refusal(exc) from None
    return moved
