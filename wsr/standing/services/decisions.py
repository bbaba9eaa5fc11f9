"""Standing decisions: one decision by a named monitor moves one facility, or every facility of a
supplier company, through the one workflow step (all or none). Each move writes its event, its
history row and a public transparency-log entry; suspensions and terminations send enforcement
notices to every brand sourcing from the facility (one task run after the commit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wsr.audits.models import Audit, AuditKind, CapItem, Finding
from wsr.audits.transitions import CAP_OPEN_WORK, AuditState, CapState
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.programs.models import Program
from wsr.registry.models import Facility
from wsr.standards.models import Tier
from wsr.standing import transitions as t
from wsr.standing.errors import StandingErrorCode
from wsr.standing.events import StandingEvent
from wsr.standing.models import Decision, FacilityStanding, StandingChange
from wsr.standing.transitions import Grounds, Standing

EVENT_FOR: dict[tuple[str, str], StandingEvent] = {
    (Standing.APPLICANT, Standing.PARTICIPATING): StandingEvent.STANDING_ADMITTED,
    (Standing.PARTICIPATING, Standing.PROBATION): StandingEvent.STANDING_PROBATION,
    (Standing.PROBATION, Standing.PARTICIPATING): StandingEvent.STANDING_PROBATION_LIFTED,
    (Standing.SUSPENDED, Standing.PARTICIPATING): StandingEvent.STANDING_REINSTATED,
}
EVENT_TO: dict[str, StandingEvent] = {
    Standing.SUSPENDED: StandingEvent.STANDING_SUSPENDED,
    Standing.TERMINATED: StandingEvent.STANDING_TERMINATED,
    Standing.WITHDRAWN: StandingEvent.STANDING_WITHDRAWN,
}

REFUSALS: dict[str, Promise] = {  # lazy: translated when shown, in the reader's language
    t.GROUNDS_NOT_ACCEPTED: gettext_lazy("These grounds do not allow this change of standing."),
    t.REASON_REQUIRED: gettext_lazy("Give the reason for the decision: it is published."),
    t.ONBOARDING_AUDIT_MISSING: gettext_lazy("The facility has no passed onboarding audit."),
    t.NO_OVERDUE_SERIOUS_CAP: gettext_lazy("No serious corrective action of the facility is overdue."),
    t.OVERDUE_SERIOUS_CAP_LEFT: gettext_lazy("Serious corrective actions of the facility are still overdue."),
    t.MINIMUM_NOT_ELAPSED: gettext_lazy("The program's minimum suspension has not elapsed."),
    t.CAP_NOT_VERIFIED: gettext_lazy("Not every corrective action of the facility is verified fixed."),
    t.REENTRY_AUDIT_MISSING: gettext_lazy("No re-entry audit has been passed since the suspension."),
    t.STAGE_NOT_ELAPSED: gettext_lazy("The current stage's length has not elapsed."),
    t.MEETING_NOT_HELD: gettext_lazy("The mandatory stage 2 meeting has not been recorded."),
    t.REMEDY_NOT_ALLOWED: gettext_lazy("This program does not allow an immediate remedy: the facility is suspended."),
    t.REMEDY_TOO_LATE: gettext_lazy("The program's time for an immediate remedy has passed."),
}


def refusal(exc: t.StandingRefused) -> DomainError:
    """The refusal with its translated message and the same stable code."""
    return DomainError(REFUSALS.get(exc.code, exc.message), code=exc.code)


def standing_of(*, program: Program, facility: Facility) -> FacilityStanding:
    """The facility's standing row in the program (an applicant's row is created on first use)."""
    standing, _created = FacilityStanding.objects.get_or_create(
        program=program, facility=facility, defaults={"status": Standing.APPLICANT, "since": clock.now()}
    )
    return standing


def _audit_passed(audits, facility_findings) -> bool:  # type: ignore[no-untyped-def]
    """A completed audit passes when it recorded no zero-tolerance finding."""
    return audits.exclude(pk__in=facility_findings.values("audit_id")).exists()


def facts_for(standing: FacilityStanding, *, today: dt.date | None = None) -> t.Facts:
    """What the conditions of a standing move need to know about the facility, read now."""
    day = today or clock.today()
    program, facility = standing.program, standing.facility
    zero_tolerance = Finding.objects.filter(
        program=program, facility=facility, severity=Tier.ZERO_TOLERANCE, audit__isnull=False
    )
    completed = Audit.objects.filter(program=program, facility=facility, state=AuditState.COMPLETED)
    reentry = completed.filter(kind=AuditKind.RE_ENTRY)
    if standing.suspended_on:
        reentry = reentry.filter(performed_on__gte=standing.suspended_on)
    caps = CapItem.objects.filter(program=program, facility=facility)
    return t.Facts(
        today=day,
        onboarding_audit_passed=_audit_passed(completed.filter(kind=AuditKind.INITIAL), zero_tolerance),
        overdue_serious_caps=caps.filter(
            state__in=list(CAP_OPEN_WORK), due_on__lt=day, finding__severity=Tier.SERIOUS
        ).count(),
        suspended_on=standing.suspended_on,
        suspension_minimum_days=program.suspension_minimum_days,
        unverified_caps=caps.exclude(state=CapState.VERIFIED_FIXED).count(),
        reentry_audit_passed=bool(standing.suspended_on) and _audit_passed(reentry, zero_tolerance),
    )


def _public(decision: Decision, standing: FacilityStanding) -> dict[str, str]:
    return {
        "decision": decision.public_id,
        "facility": standing.facility.public_id,
        "facility_name": standing.facility.name,
        "standing": standing.status,
        "grounds": decision.grounds,
        "grounds_ref": decision.grounds_ref,
        "decided_by": decision.decided_by_label,
        "reason": decision.reason,
    }


def _apply_to_facility(
    *, actor: Actor, decision: Decision, standing: FacilityStanding, at: dt.datetime, backdated: bool
) -> FacilityStanding:
    before = standing.status
    target = decision.target
    changes: dict[str, object] = {"since": at}
    if target == Standing.SUSPENDED:
        changes["suspended_on"] = at.date()
    elif target == Standing.PARTICIPATING:
        changes["suspended_on"] = None
    event = EVENT_FOR.get((before, target)) or EVENT_TO.get(target) or StandingEvent.STANDING_ADMITTED

    def history(obj: FacilityStanding) -> None:
        StandingChange.objects.create(
            standing=obj,
            decision=decision,
            program_id=obj.program_id,
            facility_id=obj.facility_id,
            before=before,
            after=obj.status,
            effective_at=at,
        )

    try:
        return workflow_step(
            actor=actor,
            obj=standing,
            event=event,
            program=standing.program,
            to=target,
            rules=t.check_move,
            rules_kwargs={
                "grounds": decision.grounds,
                "facts": facts_for(standing, today=at.date()),
                "reason": decision.reason,
            },
            changes=changes,
            reason=decision.reason,
            data={"decision": decision.public_id, "grounds": decision.grounds, "grounds_ref": decision.grounds_ref},
            public=partial(_public, decision),
            public_kind="standing_changed",
            side_effects=[history],
            occurred_at=at if backdated else None,
            what=str(_("standing")),
        )
    except t.StandingRefused as exc:
        raise refusal(exc) from None


def standing_decide(
    *,
    actor: Actor,
    program: Program,
    facilities: Sequence[Facility],
    target: str,
    grounds: str,
    reason: str,
    grounds_ref: str = "",
    supplier_id: int | None = None,
    at: dt.datetime | None = None,
) -> Decision:
    """One decision over ``facilities`` (all or none move). Brands sourcing from a facility that
    is suspended or terminated are sent a notice by one task run once the decision commits."""
    from wsr.standing.services.notices import notices_queue

    if not facilities:
        raise DomainError(_("The decision covers no facility."), code=StandingErrorCode.NO_FACILITY)
    try:
        target, grounds = Standing(target), Grounds(grounds)
    except ValueError:
        raise DomainError(_("Unknown standing or grounds."), code=StandingErrorCode.INVALID_CHOICE) from None
    moment = at or clock.now()
    with transaction.atomic():
        decision = Decision.objects.create(
            program=program,
            supplier_id=supplier_id,
            target=target,
            grounds=grounds,
            grounds_ref=grounds_ref[:60],
            reason=reason.strip(),
            decided_by=actor.user,
            decided_by_label=actor.label,
            decided_at=moment,
        )
        for facility in facilities:
            standing = standing_of(program=program, facility=facility)
            standing.program, standing.facility = program, facility
            _apply_to_facility(actor=actor, decision=decision, standing=standing, at=moment, backdated=at is not None)
        transaction.on_commit(partial(notices_queue, decision.public_id), robust=True)
    return decision


def supplier_facilities(*, program: Program, supplier_id: int) -> list[Facility]:
    """Every facility of a supplier company covered by the program (a decision over them all)."""
    return list(Facility.objects.filter(supplier_id=supplier_id, program_links__program=program).order_by("name", "pk"))
