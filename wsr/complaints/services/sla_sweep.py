"""The periodic SLA pass (``manage.py sla_sweep``; the task runner schedules it).

For every open case the clocks are recomputed from its events under the program's current rules.
A running clock that reached 50, 75 or 90% of its budget gets one ``sla_warning`` event per level
and period (a sweep that finds a clock already at 80% records 75, not 50 as well); a clock past
its deadline gets one ``sla_breached`` event and one ``SlaEscalation`` row, and an e-mail to each
program admin is written to the outbox in the same transaction (case id, clock, deadline: no
personal data); the outbox delivers it after commit and retries it if the mail server fails.
Running the sweep again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wsr.complaints import selectors
from wsr.complaints.events import ComplaintEvent as E
from wsr.complaints.models import Complaint, SlaEscalation
from wsr.complaints.services import common
from wsr.complaints.sla import ClockState
from wsr.core import clock
from wsr.core.outbox import outbox_enqueue
from wsr.core.permissions import Actor

logger = logging.getLogger(__name__)

LEVELS = {ClockState.WARNING_50: 50, ClockState.WARNING_75: 75, ClockState.WARNING_90: 90, ClockState.BREACHED: 100}


@dataclass
class SweepResult:
    cases: int = 0
    warnings: int = 0
    breaches: int = 0
    emails: int = 0
    by_program: dict[str, int] = field(default_factory=dict)


def _admin_emails(complaint: Complaint) -> list[str]:
    from wsr.accounts.models import Membership
    from wsr.accounts.roles import Role

    return sorted(
        {
            email
            for email in Membership.objects.filter(program_id=complaint.program_id, role=Role.PROGRAM_ADMIN)
            .values_list("user__email", flat=True)
            .distinct()
            if email
        }
    )


def _queue_breach_notices(complaint: Complaint, clock_name: str, period: str, deadline: dt.datetime) -> int:
    """Write one outbox e-mail per program admin (inside the sweep's transaction)."""
    subject = _("Complaint SLA breached: %(case)s (%(clock)s)") % {"case": complaint.public_id, "clock": clock_name}
    body = _(
        "The %(clock)s deadline of complaint %(case)s in %(program)s passed at %(deadline)s (UTC).\n"
        "Open the case from the complaint queue: /complaints/%(slug)s/cases/%(case)s/"
    ) % {
        "clock": clock_name,
        "case": complaint.public_id,
        "program": complaint.program.name,
        "deadline": deadline.strftime("%Y-%m-%d %H:%M"),
        "slug": complaint.program.slug,
    }
    queued = 0
    for email in _admin_emails(complaint):
        message = outbox_enqueue(
            recipient=email,
            subject=subject,
            body=body,
            kind="sla_breached",
            dedupe_key=f"sla_breached:{complaint.public_id}:{clock_name}:{period}:{email}",
            program_public_id=complaint.program.public_id,
        )
        queued += message is not None
    return queued


def complaint_sla_sweep(*, actor: Actor | None = None, now: dt.datetime | None = None) -> SweepResult:
    actor = actor or Actor.system("sla_sweep")
    now = now or clock.now()
    result = SweepResult()
    cases = list(Complaint.objects.filter(status__in=selectors.OPEN).select_related("program"))
    verbs = [*common.SLA_KIND_BY_VERB, E.SLA_WARNING, E.SLA_BREACHED]
    events = selectors.events_by_case(cases, verbs)
    for complaint in cases:
        result.cases += 1
        mine = events.get(complaint.pk, [])
        report = selectors.sla_report(complaint, mine, now)
        recorded: dict[tuple[str, str], int] = {}
        for e in mine:
            if e.verb in (E.SLA_WARNING, E.SLA_BREACHED):
                k = (str(e.data.get("clock")), str(e.data.get("period_started_at")))
                recorded[k] = max(recorded.get(k, 0), int(e.data.get("level", 0)))
        for status in selectors.relevant_clocks(complaint, report):
            level = LEVELS.get(ClockState(status.state)) if status.running else None
            if level is None:
                continue
            period = status.started_at.isoformat()
            if recorded.get((status.name, period), 0) >= level:
                continue
            data = {
                "clock": str(status.name),
                "period_started_at": period,
                "deadline": status.deadline.isoformat(),
                "level": level,
                "percent_used": int(status.percent_used),
            }
            with transaction.atomic():
                if level == 100:
                    try:
                        with transaction.atomic():
                            escalation = SlaEscalation.objects.create(
                                complaint=complaint,
                                clock=status.name,
                                period_started_at=status.started_at,
                                deadline=status.deadline,
                                recorded_at=now,
                            )
                    except IntegrityError:
                        continue  # another sweep got there first
                    common.record(actor, complaint, E.SLA_BREACHED, data=data)
                    result.breaches += 1
                    result.by_program[complaint.program.slug] = result.by_program.get(complaint.program.slug, 0) + 1
                    escalation.notified = _queue_breach_notices(complaint, str(status.name), period, status.deadline)
                    escalation.save(update_fields=["notified"])
                    result.emails += escalation.notified
                else:
                    common.record(actor, complaint, E.SLA_WARNING, data=data)
                    result.warnings += 1
    logger.info("sla sweep cases=%s warnings=%s breaches=%s", result.cases, result.warnings, result.breaches)
    return result
