"""What waits for me: each role's to-do list on the home page, with counts and the oldest first.

Read-only, by capability, per program: other domains are read through their selectors or simple
queries on their models (counts and dates only: no complaint text or identity ever appears here).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wsr.audits.capabilities import AuditCapability as AU
from wsr.audits.models import CapItem
from wsr.audits.transitions import CAP_OPEN_WORK, CapState
from wsr.complaints.capabilities import ComplaintCapability as C
from wsr.complaints.models import Complaint
from wsr.complaints.selectors import disclosure_requests_to_decide
from wsr.core import clock
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.standards.capabilities import StandardsCapability as S
from wsr.standards.models import CodeVersion
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.models import Notice, Objection, ZeroToleranceCase

CAP_DUE_SOON_DAYS = 14
CLOSED = ("closed",)


@dataclass(frozen=True)
class Todo:
    key: str
    label: str
    count: int
    oldest: dt.datetime | dt.date | None
    url: str
    overdue: int = 0
    by_due_date: bool = False  # ``oldest`` is the earliest due date ("next due"), not an arrival


# Fields that hold a deadline rather than the moment something arrived.
DUE_FIELDS = frozenset({"respond_by", "due_on"})


def _todo(key: str, label: object, qs: QuerySet, field: str, url: str, overdue: int = 0) -> Todo | None:
    count = qs.count()
    if not count:
        return None
    oldest = qs.aggregate(oldest=Min(field))["oldest"]
    return Todo(
        key=key, label=str(label), count=count, oldest=oldest, url=url, overdue=overdue, by_due_date=field in DUE_FIELDS
    )


def todos_for(*, actor: Actor, program: Program) -> list[Todo]:
    """Every to-do of the actor in the program, oldest first."""
    items: list[Todo | None] = []
    pid, slug = program.pk, program.slug
    now, today = clock.now(), clock.today()
    if actor.can(C.VIEW_QUEUE, pid):
        queue = reverse("complaints:queue", args=[slug])
        items.append(
            _todo(
                "complaints_new",
                _("New complaints to acknowledge"),
                Complaint.objects.filter(program=program, status="received"),
                "received_at",
                queue,
            )
        )
        breached = (
            Complaint.objects.filter(program=program, sla_escalations__isnull=False)
            .exclude(status__in=CLOSED)
            .distinct()
        )
        items.append(
            _todo(
                "complaints_overdue",
                _("Complaints past a service-level deadline"),
                breached,
                "received_at",
                queue,
                overdue=breached.count(),
            )
        )
    if actor.can(C.APPROVE_IDENTITY_DISCLOSURE, pid):
        items.append(
            _todo(
                "disclosures",
                _("Identity disclosure requests to decide"),
                disclosure_requests_to_decide(actor=actor, program=program),
                "requested_at",
                reverse("complaints:queue", args=[slug]),
            )
        )
    if actor.can(S.APPROVE_CODE, pid):
        items.append(
            _todo(
                "code_approvals",
                _("Code versions awaiting your approval"),
                CodeVersion.objects.filter(program=program, status="proposed", approved_at__isnull=True),
                "created_at",
                reverse("standards:version_list", args=[slug]),
            )
        )
    if actor.can(AU.CAP_VERIFY, pid):
        items.append(
            _todo(
                "cap_verify",
                _("Corrective actions reported fixed, to verify"),
                CapItem.objects.filter(program=program, state=CapState.REPORTED_FIXED),
                "reported_at",
                reverse("audits:cap_list", args=[slug]),
            )
        )
    board = reverse("standing:dashboard", args=[slug])
    if actor.can(SC.DECIDE, pid):
        items.append(
            _todo(
                "zero_tolerance",
                _("Zero-tolerance violations awaiting your decision"),
                ZeroToleranceCase.objects.filter(program=program, status="open"),
                "confirmed_at",
                board,
            )
        )
    open_requests = Objection.objects.filter(program=program, status=Objection.Status.OPEN)
    overdue_requests = open_requests.filter(answer_due__lt=now).count()
    if actor.can(SC.ANSWER_OBJECTION, pid):
        items.append(
            _todo(
                "objections_to_answer",
                _("Requests from the worker organisation to answer"),
                open_requests,
                "lodged_at",
                board,
                overdue=overdue_requests,
            )
        )
    if actor.can(SC.OBJECT, pid):
        items.append(
            _todo(
                "objections_waiting",
                _("Your requests awaiting the monitoring body's answer"),
                open_requests,
                "lodged_at",
                board,
                overdue=overdue_requests,
            )
        )
    notices = reverse("standing:notice_list")
    if actor.organisation_id and actor.can(SC.ACKNOWLEDGE_NOTICE, pid):
        items.append(
            _todo(
                "notices_to_acknowledge",
                _("Enforcement notices to acknowledge"),
                Notice.objects.filter(
                    program=program,
                    organisation_id=actor.organisation_id,
                    addressee="brand",
                    acknowledged_at__isnull=True,
                ),
                "created_at",
                notices,
            )
        )
    if actor.organisation_id and actor.can(SC.RESPOND_NOTICE, pid):
        to_answer = Notice.objects.filter(
            program=program,
            organisation_id=actor.organisation_id,
            addressee="supplier",
            respond_by__isnull=False,
            responded_at__isnull=True,
        )
        items.append(
            _todo(
                "notices_to_answer",
                _("Notices to answer"),
                to_answer,
                "respond_by",
                notices,
                overdue=to_answer.filter(respond_by__lt=today).count(),
            )
        )
    if actor.organisation_id and actor.can(AU.CAP_REPORT_FIXED, pid):
        due = CapItem.objects.filter(
            program=program,
            facility__supplier_id=actor.organisation_id,
            state__in=list(CAP_OPEN_WORK),
            due_on__lte=today + dt.timedelta(days=CAP_DUE_SOON_DAYS),
        )
        items.append(
            _todo(
                "caps_due",
                _("Corrective actions due"),
                due,
                "due_on",
                reverse("audits:cap_list", args=[slug]),
                overdue=due.filter(due_on__lt=today).count(),
            )
        )
    found = [item for item in items if item is not None]
    return _pinned(actor=actor, program=program) + sorted(found, key=lambda t: _sort_key(t.oldest))


def _pinned(*, actor: Actor, program: Program) -> list[Todo]:
    """Items that go first whatever their age: open imminent-danger alerts (wsr.alerts, which
    builds its ``Todo`` from this module, hence the import here)."""
    from wsr.alerts.todos import danger_todos

    return danger_todos(actor=actor, program=program)


def _sort_key(value: dt.datetime | dt.date | None) -> dt.datetime:
    if value is None:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time.min, tzinfo=dt.UTC)
