"""Demo enforcement (Fair Harvest), built through the real services after audits and complaints:

- every farm admitted after an onboarding audit;
- Palmetto Tomato – Homestead suspended after the substantiated forced-labour complaint; its
  notices acknowledged by Harvest Table Foods and GreenBasket Markets, Sunshine Burger Co. still
  pending; the worker organisation objects (answer due in 5 days);
- a farm with an overdue serious corrective action on probation;
- Sunridge Farms – Plant City escalated to stage 2, with the supplier's response;
- a farm suspended four months ago, reinstated after a passed re-entry audit.
"""

from __future__ import annotations

import datetime as dt

from wsr.accounts.models import Organisation, User
from wsr.accounts.selectors import actor_for_user
from wsr.audits.models import Audit, AuditorRosterEntry, CapItem
from wsr.audits.transitions import CAP_OPEN_WORK, CapState
from wsr.core import clock
from wsr.core.permissions import Actor
from wsr.demo.audits import _audit, _finding, _item
from wsr.programs.models import Program
from wsr.registry.models import Facility, SourcingRelation
from wsr.standards.models import Tier
from wsr.standing.models import Escalation, Notice, Objection, ZeroToleranceCase
from wsr.standing.services import (
    escalation_meeting_record,
    escalation_move,
    escalation_open,
    notice_acknowledge,
    notice_open,
    notice_respond,
    objection_lodge,
    standing_decide,
    standing_notices_send,
    zero_tolerance_suspend,
)
from wsr.standing.transitions import Grounds, Standing


def _actor(username: str) -> Actor:
    return actor_for_user(User.objects.get(username=username))


def _ago(days: int) -> dt.datetime:
    return clock.now() - dt.timedelta(days=days)


def build(password: str) -> None:
    program = Program.objects.get(slug="fair-harvest")
    admin, monitor, auditor = _actor("admin"), _actor("investigator"), _actor("auditor")
    farms = {f.name: f for f in Facility.objects.filter(program_links__program=program)}
    lead = AuditorRosterEntry.objects.get(program=program, user__username="auditor")

    # Every farm: onboarding audit, then admitted.
    for farm in sorted(farms.values(), key=lambda f: f.name):
        _audit(admin, auditor, program, farm, [lead], days_ago=430, kind="initial")
        standing_decide(
            actor=admin,
            program=program,
            facilities=[farm],
            target=Standing.PARTICIPATING,
            grounds=Grounds.ONBOARDING_AUDIT,
            reason="Onboarding audit passed; the grower signed the program's participation terms.",
            at=_ago(420),
        )

    _suspension(program, farms["Palmetto Tomato – Homestead"], monitor)
    used = {"Palmetto Tomato – Homestead", "Sunridge Farms – Plant City"}
    _probation(program, farms, monitor, used)
    _escalation(program, farms["Sunridge Farms – Plant City"], admin)
    _reinstatement(program, farms, admin, auditor, lead, used)


def _suspension(program: Program, farm: Facility, monitor: Actor) -> None:
    harvest_table = Organisation.objects.get(name="Harvest Table Foods")
    if not SourcingRelation.objects.filter(program=program, brand=harvest_table, facility=farm).exists():
        SourcingRelation.objects.create(program=program, brand=harvest_table, facility=farm, since=dt.date(2023, 11, 1))
    case = ZeroToleranceCase.objects.filter(program=program, facility=farm, status="open").first()
    if case is None:
        return
    zero_tolerance_suspend(
        actor=monitor,
        case=case,
        reason="Forced labour confirmed: passports held by the labour contractor. Suspended at once.",
        at=_ago(39),
    )
    case.refresh_from_db()
    assert case.decision is not None
    standing_notices_send.call(decision=case.decision.public_id)
    for username in ("brand-a", "brand-b"):
        brand = _actor(username)
        notice = Notice.objects.get(subject_ref=case.decision.public_id, organisation_id=brand.organisation_id or 0)
        notice_acknowledge(actor=brand, notice=notice_open(actor=brand, notice=notice))
    objection_lodge(
        actor=_actor("workerorg"),
        program=program,
        kind=Objection.Kind.OBJECTION,
        decision=case.decision,
        text="The assembly asks for termination: the same contractor supplies two other farms of this grower.",
    )


def _overdue_item(program: Program, farm: Facility, monitor: Actor) -> None:
    """A serious finding from the farm's last periodic audit whose corrective action is 40 days late."""
    audit = Audit.objects.filter(program=program, facility=farm, state="completed", kind="periodic").first()
    if audit is None:
        return
    finding = _finding(
        _actor("auditor"),
        audit,
        "2.2",
        "Water station at Field 9 dry at 13:10 on both visit days; crew leader unaware of the rule.",
        "Drinking water was not available at one field during the afternoon.",
    )
    _item(
        _actor("admin"),
        _actor("supplier-x"),
        monitor,
        finding,
        "A water trailer assigned to every field with a crew, refilled at noon",
        "Field manager",
        drafted=60,
        due_in=20,
        state="agreed",
    )


def _probation(program: Program, farms: dict[str, Facility], monitor: Actor, used: set[str]) -> None:
    _overdue_item(program, farms["Sunridge Farms – Immokalee"], monitor)
    overdue = (
        CapItem.objects.filter(
            program=program,
            state__in=list(CAP_OPEN_WORK),
            due_on__lt=clock.today(),
            finding__severity=Tier.SERIOUS,
        )
        .filter(facility__standings__program=program, facility__standings__status=Standing.PARTICIPATING)
        .select_related("facility")
        .first()
    )
    if overdue is None:
        return
    used.add(overdue.facility.name)
    standing_decide(
        actor=monitor,
        program=program,
        facilities=[overdue.facility],
        target=Standing.PROBATION,
        grounds=Grounds.OVERDUE_CAP,
        grounds_ref=overdue.public_id,
        reason="A serious corrective action is past its due date without a report of the fix.",
    )


def _escalation(program: Program, farm: Facility, admin: Actor) -> None:
    escalation = escalation_open(
        actor=admin,
        program=program,
        facility=farm,
        reason="Repeated unpaid waiting time in the fields across two seasons.",
        at=_ago(program.escalation_stage1_days + 20),
    )
    escalation_move(
        actor=admin,
        escalation=escalation,
        to="stage_2",
        reason="No adequate progress after the stage 1 notice: warning, and a meeting with the owners.",
        at=_ago(18),
    )
    escalation.refresh_from_db()
    supplier = _actor("supplier-x")
    notice = Notice.objects.filter(
        kind=Notice.Kind.STAGE_2, facility=farm, organisation_id=supplier.organisation_id or 0
    ).first()
    if notice is not None:
        notice_respond(
            actor=supplier,
            notice=notice,
            text="Bus arrival is now logged as paid time from week 12; we will bring the payroll to the meeting.",
        )
    escalation_meeting_record(
        actor=admin, escalation=escalation, held_on=clock.today() - dt.timedelta(days=4), note="Owner and crew leaders."
    )
    assert Escalation.objects.get(pk=escalation.pk).status == "stage_2"


def _reinstatement(
    program: Program,
    farms: dict[str, Facility],
    admin: Actor,
    auditor: Actor,
    lead: AuditorRosterEntry,
    used: set[str],
) -> None:
    open_items = CapItem.objects.filter(program=program).exclude(state=CapState.VERIFIED_FIXED)
    candidates = [
        f for name, f in sorted(farms.items()) if name not in used and not open_items.filter(facility=f).exists()
    ]
    if not candidates:
        return
    farm = candidates[0]
    standing_decide(
        actor=admin,
        program=program,
        facilities=[farm],
        target=Standing.SUSPENDED,
        grounds=Grounds.ZERO_TOLERANCE,
        grounds_ref="inspection",
        reason="A crew leader struck a worker; confirmed by an unannounced inspection.",
        at=_ago(130),
    )
    _audit(admin, auditor, program, farm, [lead], days_ago=8, kind="re_entry")
    standing_decide(
        actor=admin,
        program=program,
        facilities=[farm],
        target=Standing.PARTICIPATING,
        grounds=Grounds.REENTRY_AUDIT,
        reason="Minimum suspension served, the crew leader dismissed, re-entry audit passed.",
    )
