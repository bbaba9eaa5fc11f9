"""Worker-driven oversight: the worker organisation sees every standing decision at once and can
lodge a recorded objection to it, or ask for a facility's escalation; the monitoring body must
answer within the program's deadline (``objection_answer_days``). Open requests show on both
sides' to-do lists, overdue ones first."""

from __future__ import annotations

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
from wsr.standing.models import Decision, Objection

MAX_TEXT = 10000


def objection_lodge(
    *,
    actor: Actor,
    program: Program,
    kind: str,
    text: str,
    decision: Decision | None = None,
    facility: Facility | None = None,
) -> Objection:
    actor.require(SC.OBJECT, program.pk)
    text = (text or "").strip()
    if not text:
        raise DomainError(
            _("Say what you object to, or why the facility should be escalated."), code=StandingErrorCode.TEXT_REQUIRED
        )
    if kind == Objection.Kind.OBJECTION:
        if decision is None or decision.program_id != program.pk:
            raise DomainError(_("Choose the decision you object to."), code=StandingErrorCode.DECISION_REQUIRED)
        facility = decision.changes.select_related("facility").first().facility  # type: ignore[union-attr]
    elif kind == Objection.Kind.ESCALATION_REQUEST:
        if facility is None:
            raise DomainError(_("Choose the facility to escalate."), code=StandingErrorCode.FACILITY_REQUIRED)
    else:
        raise DomainError(_("Unknown kind of request."), code=StandingErrorCode.INVALID_CHOICE)
    now = clock.now()
    objection = Objection.objects.create(
        program=program,
        kind=kind,
        decision=decision,
        facility=facility,
        text=text[:MAX_TEXT],
        lodged_by=actor.user,
        lodged_at=now,
        answer_due=t.objection_answer_due(now, program.objection_answer_days),
        updated_at=now,
    )
    return workflow_step(
        actor=actor,
        obj=objection,
        event=StandingEvent.OBJECTION_LODGED,
        program=program,
        reason=objection.text,
        data={
            "objection": objection.public_id,
            "kind": kind,
            "decision": decision.public_id if decision else None,
            "answer_due": objection.answer_due.isoformat(),
        },
        public={"objection": objection.public_id, "kind": kind, "facility": facility.public_id},  # type: ignore[union-attr]
        public_kind="standing_objection_lodged",
    )


def objection_answer(*, actor: Actor, objection: Objection, answer: str) -> Objection:
    actor.require(SC.ANSWER_OBJECTION, objection.program_id)
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("Write the answer."), code=StandingErrorCode.ANSWER_REQUIRED)
    now = clock.now()
    late = now > objection.answer_due
    return workflow_step(
        actor=actor,
        obj=objection,
        event=StandingEvent.OBJECTION_ANSWERED,
        program=objection.program,
        to=Objection.Status.ANSWERED,
        rules=_check_answer,
        changes={"answer": answer[:MAX_TEXT], "answered_by": actor.user, "answered_at": now},
        reason=answer[:MAX_TEXT],
        data={"objection": objection.public_id, "late": late},
        public={"objection": objection.public_id, "answered": True, "late": late},
        public_kind="standing_objection_answered",
    )


def _check_answer(current: str, target: str, held: frozenset[str]) -> None:
    if (current, target) != (Objection.Status.OPEN, Objection.Status.ANSWERED):
        raise DomainError(_("This request is already answered."), code=StandingErrorCode.ALREADY_ANSWERED)
    if SC.ANSWER_OBJECTION not in held:
        raise DomainError(_("Only the monitoring body answers."), code=StandingErrorCode.FORBIDDEN)
