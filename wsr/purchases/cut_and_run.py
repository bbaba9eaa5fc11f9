"""Cut-and-run: a brand's orders from a facility drop sharply after an enforcement event or a
complaint there (issue 11 item 5). A brand bound to stay and fund remediation that leaves instead
shifts the cost onto the workers who spoke up.

Triggers at a facility of the program:
- the facility put on probation (a ``StandingChange`` to probation),
- an escalation opened at the facility (stage 1 notice),
- a complaint received at the facility (only its day is read: nothing about the complainant).

For each trigger whose after-window has ended, each brand that ordered from the facility in the
``cut_and_run_window_days`` before it is compared with the same number of days from it on (order
value in minor units, reversals netted). A drop of at least ``cut_and_run_drop_percent`` raises
one ``CutAndRunFlag`` (once per brand, facility and trigger) with its event. A facility suspended
or terminated during the after-window is skipped: the program obliged the brands to stop buying.
Run after each recorded report and by the periodic sweep (the window ends with time, not data).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum

from wsr.complaints.models import Complaint
from wsr.core import clock
from wsr.core.events import event_record
from wsr.core.permissions import Actor
from wsr.core.tasks import task
from wsr.programs.models import Program
from wsr.purchases.events import PurchasesEvent
from wsr.purchases.models import CutAndRunFlag, PurchaseLine
from wsr.registry.models import Facility
from wsr.standing import transitions as standing
from wsr.standing.models import Escalation, StandingChange
from wsr.standing.selectors import history_of


@dataclass(frozen=True)
class Trigger:
    facility_id: int
    on: dt.date
    kind: str
    key: str


def drop_percent(before: int, after: int) -> int:
    """Whole percent of the drop from ``before`` to ``after`` (0 when orders did not fall)."""
    if before <= 0 or after >= before:
        return 0
    return (before - after) * 100 // before


def triggers(*, program: Program, until: dt.date) -> list[Trigger]:
    """Enforcement events and complaints at the program's facilities on or before ``until``."""
    found: list[Trigger] = []
    end = dt.datetime.combine(until, dt.time.max, tzinfo=dt.UTC)
    for pk, facility_id, at in StandingChange.objects.filter(
        program=program, after=standing.Standing.PROBATION, effective_at__lte=end
    ).values_list("pk", "facility_id", "effective_at"):
        found.append(Trigger(facility_id, at.date(), CutAndRunFlag.Trigger.ENFORCEMENT, f"probation:{pk}"))
    for public_id, facility_id, at in Escalation.objects.filter(program=program, opened_at__lte=end).values_list(
        "public_id", "facility_id", "opened_at"
    ):
        found.append(Trigger(facility_id, at.date(), CutAndRunFlag.Trigger.ENFORCEMENT, f"escalation:{public_id}"))
    for pk, facility_id, at in Complaint.objects.filter(
        program=program, facility__isnull=False, received_at__lte=end
    ).values_list("pk", "facility_id", "received_at"):
        found.append(Trigger(facility_id, at.date(), CutAndRunFlag.Trigger.COMPLAINT, f"complaint:{pk}"))
    return sorted(found, key=lambda t: (t.on, t.key))


def _stayed_eligible(history: list[standing.Change], start: dt.date, days: int) -> bool:
    return all(standing.eligible_on(history, start + dt.timedelta(days=n)) for n in range(days))


def cut_and_run_scan(*, program: Program, today: dt.date | None = None) -> list[CutAndRunFlag]:
    """Raise the flags due in ``program`` (idempotent: a flag exists once per brand, facility and trigger)."""
    today = today or clock.today()
    window = int(program.cut_and_run_window_days)
    threshold = int(program.cut_and_run_drop_percent)
    actor = Actor.system("cut-and-run scan")
    raised: list[CutAndRunFlag] = []
    histories: dict[int, list[standing.Change]] = {}
    for trig in triggers(program=program, until=today - dt.timedelta(days=window)):
        before_start, after_end = trig.on - dt.timedelta(days=window), trig.on + dt.timedelta(days=window)
        rows = (
            PurchaseLine.objects.filter(
                program=program, facility_id=trig.facility_id, date__gte=before_start, date__lt=after_end
            )
            .values("brand_id", "currency")
            .annotate(
                before=Sum("value_minor", filter=Q(date__lt=trig.on)),
                after=Sum("value_minor", filter=Q(date__gte=trig.on)),
            )
        )
        candidates = [
            (r["brand_id"], r["currency"], int(r["before"] or 0), int(r["after"] or 0))
            for r in rows
            if drop_percent(int(r["before"] or 0), int(r["after"] or 0)) >= threshold
        ]
        if not candidates:
            continue
        if trig.facility_id not in histories:
            histories[trig.facility_id] = history_of(program=program, facility=Facility(pk=trig.facility_id))
        if not _stayed_eligible(histories[trig.facility_id], trig.on, window):
            continue
        for brand_id, currency, before, after in candidates:
            flag = _raise(actor, program, trig, brand_id, currency, before, after, window)
            if flag is not None:
                raised.append(flag)
    return raised


def _raise(
    actor: Actor,
    program: Program,
    trig: Trigger,
    brand_id: int,
    currency: str,
    before: int,
    after: int,
    window: int,
) -> CutAndRunFlag | None:
    if CutAndRunFlag.objects.filter(
        program=program, brand_id=brand_id, facility_id=trig.facility_id, trigger_key=trig.key
    ).exists():
        return None
    try:
        with transaction.atomic():
            flag = CutAndRunFlag.objects.create(
                program=program,
                brand_id=brand_id,
                facility_id=trig.facility_id,
                trigger=trig.kind,
                trigger_key=trig.key,
                trigger_on=trig.on,
                window_days=window,
                before_minor=before,
                after_minor=after,
                currency=currency,
                drop_percent=drop_percent(before, after),
                created_at=clock.now(),
            )
            event_record(
                actor=actor,
                obj=flag,
                verb=PurchasesEvent.CUT_AND_RUN_FLAGGED,
                after=str(flag.drop_percent),
                data={
                    "brand": flag.brand.public_id,
                    "facility": flag.facility.public_id,
                    "trigger": trig.kind,
                    "trigger_on": trig.on.isoformat(),
                    "before_minor": before,
                    "after_minor": after,
                    "currency": currency,
                    "window_days": window,
                },
                program_public_id=program.public_id,
            )
    except IntegrityError:  # raised meanwhile by another scan
        return None
    return flag


@task
def cut_and_run_scan_run(*, program_id: str) -> None:
    program = Program.objects.filter(public_id=program_id).first()
    if program is not None:
        cut_and_run_scan(program=program)


def cut_and_run_sweep() -> None:
    """The periodic sweep over every program (settings.WSR_PERIODIC_TASKS)."""
    for program in Program.objects.all():
        cut_and_run_scan(program=program)
