"""Imminent danger: a complaint or a finding that reports it alerts the program's on-call staff at
once (e-mail and SMS through the outbox, in the transaction that records the report), again every
``danger_realert_minutes`` until one of them acknowledges it (``danger_realert_sweep``, periodic),
and every alert, re-alert and acknowledgement is an event.

What leaves by e-mail or SMS is the alert's reference, the case code or finding, the workplace's
registered name, the category and the kind of danger: never the worker's words or identity (a
workplace typed by the worker stays on the alert page, behind the login)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wsr.accounts.models import User
from wsr.alerts import transitions
from wsr.alerts.errors import AlertErrorCode
from wsr.alerts.events import AlertEvent
from wsr.alerts.models import DangerAlert
from wsr.alerts.selectors import eligible_staff, is_on_call, on_call_now
from wsr.alerts.transitions import AlertState
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.events import event_record
from wsr.core.outbox import Channel, outbox_enqueue
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.programs.models import Program

if TYPE_CHECKING:
    from wsr.audits.models import Finding
    from wsr.complaints.models import Complaint
    from wsr.registry.models import Facility

logger = logging.getLogger(__name__)

MAX_NOTE = 2000
KIND = "danger_alert"


@dataclass(frozen=True)
class Recipient:
    user: User
    phone: str


def recipients_for(program: Program) -> list[Recipient]:
    """The on-call staff now. An empty roster never swallows an alert: then every member of the
    monitoring body who may be on call gets it (program admins and investigators)."""
    rows = on_call_now(program=program)
    if rows:
        return [Recipient(user=row.user, phone=row.phone) for row in rows]
    return [Recipient(user=user, phone="") for user in eligible_staff(program=program)]


def _delay(program: Program) -> dt.timedelta:
    return dt.timedelta(minutes=program.danger_realert_minutes)


def _alert_url(alert: DangerAlert) -> str:
    path = reverse("alerts:alert", args=[alert.program.slug, alert.public_id])
    return f"{getattr(settings, 'WSR_SITE_URL', '').rstrip('/')}{path}"


def _where(alert: DangerAlert) -> str:
    if alert.facility is not None:
        return alert.facility.name
    return _("a workplace not in the program's list (see the alert page)")


def _what(alert: DangerAlert) -> str:
    return alert.hazard_label or alert.category_label


def _reference(alert: DangerAlert) -> str:
    if alert.complaint is not None:
        return _("case %(code)s") % {"code": alert.complaint.case_code}
    if alert.finding is not None:
        return _("finding %(id)s") % {"id": alert.finding.public_id}
    return alert.public_id


def _messages(alert: DangerAlert, round_no: int) -> tuple[str, str, str]:
    """(e-mail subject, e-mail body, SMS text) in the active language. No free text of the report."""
    values = {
        "program": alert.program.name,
        "what": _what(alert),
        "where": _where(alert),
        "ref": _reference(alert),
        "url": _alert_url(alert),
        "minutes": alert.program.danger_realert_minutes,
        "round": round_no,
        "raised": alert.raised_at.strftime("%Y-%m-%d %H:%M UTC"),
    }
    again = _("REMINDER %(round)s: ") % values if round_no > 1 else ""
    subject = again + _("Imminent danger: %(what)s at %(where)s. Acknowledge now.") % values
    body = "\n".join(
        [
            _("Imminent danger reported in %(program)s.") % values,
            "",
            _("Danger: %(what)s") % values,
            _("Workplace: %(where)s") % values,
            _("Reference: %(ref)s") % values,
            _("Reported: %(raised)s") % values,
            "",
            _("Acknowledge the alert and act: %(url)s") % values,
            _("Every on-call person gets this alert again every %(minutes)s minutes until one of you acknowledges it.")
            % values,
        ]
    )
    sms = again + _("DANGER %(program)s: %(what)s at %(where)s (%(ref)s). Acknowledge: %(url)s") % values
    return subject, body, sms


def _send_round(alert: DangerAlert, round_no: int) -> int:
    """Outbox rows (e-mail and SMS) to every recipient for this round; returns how many."""
    queued = 0
    for person in recipients_for(alert.program):
        with translation.override(person.user.preferred_language or alert.program.default_language):
            subject, body, sms = _messages(alert, round_no)
        key = f"danger:{alert.public_id}:{round_no}:{person.user.pk}"
        common: dict[str, Any] = {"kind": KIND, "program_public_id": alert.program.public_id}
        if person.user.email:
            sent = outbox_enqueue(
                recipient=person.user.email, subject=subject, body=body, dedupe_key=f"{key}:email", **common
            )
            queued += sent is not None
        if person.phone:
            sent = outbox_enqueue(
                recipient=person.phone,
                subject=subject,
                body=sms,
                channel=Channel.SMS,
                dedupe_key=f"{key}:sms",
                **common,
            )
            queued += sent is not None
    return queued


def danger_alert_raise(
    *,
    actor: Actor,
    program: Program,
    source: str,
    facility: Facility | None,
    category: str,
    hazard: str = "",
    complaint: Complaint | None = None,
    finding: Finding | None = None,
) -> DangerAlert:
    """Write the alert, its event and its first e-mails and SMS, in the caller's transaction."""
    now = clock.now()
    with transaction.atomic():
        alert = DangerAlert.objects.create(
            program=program,
            source=source,
            complaint=complaint,
            finding=finding,
            facility=facility,
            category=category,
            hazard=hazard,
            status=AlertState.OPEN,
            raised_at=now,
            rounds=1,
            last_sent_at=now,
            next_send_at=now + _delay(program),
            updated_at=now,
        )
        queued = _send_round(alert, 1)
        event_record(
            actor=actor,
            obj=alert,
            verb=AlertEvent.DANGER_ALERT_RAISED,
            after=AlertState.OPEN,
            data=_event_data(alert, round_no=1, queued=queued),
            program_public_id=program.public_id,
        )
    logger.warning("imminent-danger alert %s raised program=%s messages=%s", alert.public_id, program.slug, queued)
    return alert


def _event_data(alert: DangerAlert, *, round_no: int, queued: int) -> dict[str, Any]:
    return {
        "source": alert.source,
        "complaint": alert.complaint.public_id if alert.complaint else "",
        "finding": alert.finding.public_id if alert.finding else "",
        "facility": alert.facility.public_id if alert.facility else "",
        "category": alert.category,
        "hazard": alert.hazard,
        "round": round_no,
        "messages": queued,
    }


def danger_alert_for_complaint(complaint: Complaint, *, actor: Actor) -> DangerAlert | None:
    """Called by the intake inside its transaction: an alert when the worker said someone is in
    danger now (web, API, SMS or an operator's entry); None otherwise."""
    if not complaint.imminent_danger:
        return None
    return danger_alert_raise(
        actor=actor,
        program=complaint.program,
        source=DangerAlert.Source.COMPLAINT,
        facility=complaint.facility,
        category=complaint.category,
        hazard=getattr(complaint, "hazard", ""),
        complaint=complaint,
    )


def danger_alert_for_finding(finding: Finding, *, actor: Actor, hazard: str) -> DangerAlert:
    """Called by the finding service inside its transaction when the monitor marked immediate danger."""
    return danger_alert_raise(
        actor=actor,
        program=finding.program,
        source=DangerAlert.Source.FINDING,
        facility=finding.facility,
        category=finding.category,
        hazard=hazard,
        finding=finding,
    )


def danger_alert_acknowledge(*, actor: Actor, alert: DangerAlert, note: str = "") -> DangerAlert:
    """An on-call person takes the alert: the re-alerts stop. Refused for anyone not on call now."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise DomainError(_("The note is too long."), code=AlertErrorCode.NOTE_TOO_LONG)
    if not alert.is_open:
        raise DomainError(_("This alert was already acknowledged."), code=AlertErrorCode.ALREADY_ACKNOWLEDGED)
    if not is_on_call(program=alert.program, user=actor.user):
        raise DomainError(_("Only a person on call can acknowledge an alert."), code=AlertErrorCode.NOT_ON_CALL)
    now = clock.now()
    return workflow_step(
        actor=actor,
        obj=alert,
        event=AlertEvent.DANGER_ALERT_ACKNOWLEDGED,
        program=alert.program,
        to=AlertState.ACKNOWLEDGED,
        rules=transitions.check_alert_move,
        changes={
            "acknowledged_at": now,
            "acknowledged_by": actor.user,
            "acknowledgement_note": note,
            "next_send_at": None,
        },
        reason=note,
        data=lambda a: {"rounds": a.rounds, "minutes_to_ack": int((now - a.raised_at).total_seconds() // 60)},
        what=str(_("alert")),
    )


def danger_realert_sweep(*, now: dt.datetime | None = None) -> int:
    """Send every open alert whose delay has passed to the on-call staff again (periodic).

    Each round is a guarded update (``rounds`` as read): two sweeps at once send a round once,
    and the outbox's dedupe key makes a sweep that died half-way harmless to repeat."""
    now = now or clock.now()
    actor = Actor.system("danger_realert")
    due = DangerAlert.objects.filter(status=AlertState.OPEN, next_send_at__lte=now).select_related(
        "program", "facility", "complaint", "finding"
    )
    sent = 0
    for alert in list(due.order_by("next_send_at", "pk")[:500]):
        round_no = alert.rounds + 1

        def deliver(a: DangerAlert, round_no: int = round_no) -> None:
            _send_round(a, round_no)

        try:
            workflow_step(
                actor=actor,
                obj=alert,
                event=AlertEvent.DANGER_ALERT_REALERTED,
                program=alert.program,
                changes={"rounds": round_no, "last_sent_at": now, "next_send_at": now + _delay(alert.program)},
                guard={"rounds": alert.rounds},
                data={"round": round_no},
                side_effects=[deliver],
                what="alert",
            )
        except DomainError:  # acknowledged or sent by another sweep meanwhile
            continue
        sent += 1
        logger.warning("imminent-danger alert %s sent again (round %s)", alert.public_id, round_no)
    return sent
