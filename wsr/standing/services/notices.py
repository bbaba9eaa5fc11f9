"""Enforcement notices: the market consequence of a decision and each escalation stage.

``standing_notices_send`` (one task run per decision or stage) writes one notice per addressee:
every brand with an active agreement in the program that sources from the facility, and the
supplier. Each notice is a row (its delivery record: sent, opened, acknowledged, responded) and
an outbox e-mail to each member of the addressee organisation, and a signed push to each webhook
endpoint of an addressee brand that asked for it (``wsr.standing.webhooks``). All are unique per
subject and addressee, so a second run (a retry, a recovered run) sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from wsr.accounts.models import Organisation, User
from wsr.agreements.models import Agreement
from wsr.agreements.transitions import AgreementStatus
from wsr.core import clock
from wsr.core.errors import ConcurrentChange, DomainError
from wsr.core.outbox import outbox_enqueue
from wsr.core.permissions import Actor
from wsr.core.tasks import task
from wsr.core.workflow import workflow_step
from wsr.programs.models import Program
from wsr.registry.models import Facility, SourcingRelation
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.errors import StandingErrorCode
from wsr.standing.events import StandingEvent
from wsr.standing.models import Decision, Notice, StandingChange
from wsr.standing.transitions import Standing
from wsr.standing.webhooks import webhooks_enqueue

logger = logging.getLogger(__name__)

KIND_FOR_TARGET = {
    Standing.SUSPENDED: Notice.Kind.SUSPENSION,
    Standing.TERMINATED: Notice.Kind.TERMINATION,
}


def notices_queue(decision_public_id: str) -> None:
    """After the decision commits: one task run sends its notices."""
    standing_notices_send.enqueue(decision=decision_public_id)


def brands_sourcing(*, program: Program, facility: Facility, on: dt.date) -> list[Organisation]:
    """Brands with an active agreement in the program that source from the facility on ``on``."""
    sourcing = SourcingRelation.objects.filter(program=program, facility=facility, since__lte=on).filter(
        Q(until__isnull=True) | Q(until__gte=on)
    )
    active = Agreement.objects.filter(program=program, status=AgreementStatus.ACTIVE)
    return list(
        Organisation.objects.filter(pk__in=sourcing.values("brand_id"))
        .filter(pk__in=active.values("brand_id"))
        .order_by("name", "pk")
    )


@task
def standing_notices_send(*, decision: str) -> int:
    """Send the notices a decision calls for; returns how many notices were written."""
    found = Decision.objects.select_related("program").filter(public_id=decision).first()
    if found is None:
        return 0
    _tell_worker_organisation(found)
    written = 0
    for change in StandingChange.objects.filter(decision=found).select_related("facility", "facility__supplier"):
        kind = KIND_FOR_TARGET.get(Standing(change.after))
        if change.before == Standing.SUSPENDED and change.after == Standing.PARTICIPATING:
            kind = Notice.Kind.REINSTATEMENT
        if kind is None:
            continue
        written += notices_write(
            program=found.program,
            facility=change.facility,
            kind=kind,
            subject_ref=found.public_id,
            grounds=found.grounds,
            text=found.reason,
            respond_days=None,
        )
    return written


def _tell_worker_organisation(decision: Decision) -> None:
    """The worker organisation hears of every decision at once (it may object on the decision's page)."""
    program = decision.program
    facilities = ", ".join(c.facility.name for c in decision.changes.select_related("facility"))
    members = User.objects.filter(organisation_id=program.worker_organisation_id, is_active=True).exclude(email="")
    for user in members.order_by("pk"):
        with translation.override(user.preferred_language or program.default_language):
            subject = _("Standing decision: %(standing)s, %(facilities)s") % {
                "standing": decision.target_label,
                "facilities": facilities,
            }
            body = "\n\n".join(
                [subject, f"{decision.grounds_label}: {decision.reason}", f"{decision.decided_by_label}"]
            )
        outbox_enqueue(
            recipient=user.email,
            subject=subject,
            body=body,
            kind="standing_decision",
            dedupe_key=f"standing-decision:{decision.public_id}:{user.pk}",
            program_public_id=program.public_id,
        )


def notices_write(
    *,
    program: Program,
    facility: Facility,
    kind: str,
    subject_ref: str,
    grounds: str,
    text: str,
    respond_days: int | None,
) -> int:
    """One notice per brand sourcing from the facility and one to its supplier (a supplier's
    notice of an escalation stage carries the response window)."""
    today = clock.today()
    written = 0
    addressees = [
        (brand, Notice.Addressee.BRAND) for brand in brands_sourcing(program=program, facility=facility, on=today)
    ]
    if facility.supplier is not None:
        addressees.append((facility.supplier, Notice.Addressee.SUPPLIER))
    for organisation, addressee in addressees:
        respond_by = (
            today + dt.timedelta(days=respond_days) if respond_days and addressee == Notice.Addressee.SUPPLIER else None
        )
        if _notice_write(
            program=program,
            facility=facility,
            organisation=organisation,
            addressee=addressee,
            kind=kind,
            subject_ref=subject_ref,
            grounds=grounds,
            text=text,
            respond_by=respond_by,
        ):
            written += 1
    return written


def _notice_write(
    *,
    program: Program,
    facility: Facility,
    organisation: Organisation,
    addressee: str,
    kind: str,
    subject_ref: str,
    grounds: str,
    text: str,
    respond_by: dt.date | None,
) -> bool:
    now = clock.now()
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                program=program,
                facility=facility,
                organisation=organisation,
                addressee=addressee,
                kind=kind,
                subject_ref=subject_ref,
                grounds=grounds,
                body=text,
                respond_by=respond_by,
                created_at=now,
                updated_at=now,
            )
            workflow_step(
                actor=Actor.system("enforcement notices"),
                obj=notice,
                event=StandingEvent.NOTICE_SENT,
                program=program,
                changes={"sent_at": now},
                data={"notice": notice.public_id, "organisation": organisation.public_id, "kind": kind},
                side_effects=[_email_members, webhooks_enqueue],
            )
    except IntegrityError:
        return False  # this addressee already has this notice: a run again sends nothing twice
    return True


def _email_members(notice: Notice) -> None:
    members = User.objects.filter(organisation_id=notice.organisation_id, is_active=True).exclude(email="")
    for user in members.order_by("pk"):
        with translation.override(user.preferred_language or notice.program.default_language):
            subject = _("Enforcement notice: %(kind)s, %(facility)s") % {
                "kind": notice.get_kind_display(),
                "facility": notice.facility.name,
            }
            body = render_to_string("standing/notice_email.txt", {"notice": notice, "user": user})
        outbox_enqueue(
            recipient=user.email,
            subject=subject,
            body=body,
            kind="enforcement_notice",
            dedupe_key=f"enforcement-notice:{notice.public_id}:{user.pk}",
            program_public_id=notice.program.public_id,
        )


def notice_open(*, actor: Actor, notice: Notice) -> Notice:
    """The addressee opened the notice (first time only): recorded on the delivery record."""
    if notice.opened_at or actor.organisation_id != notice.organisation_id:
        return notice
    try:
        return workflow_step(
            actor=actor,
            obj=notice,
            event=StandingEvent.NOTICE_OPENED,
            program=notice.program,
            changes={"opened_at": clock.now()},
            guard={"opened_at__isnull": True},
        )
    except ConcurrentChange:
        notice.refresh_from_db()
        return notice


def notice_acknowledge(*, actor: Actor, notice: Notice) -> Notice:
    """A brand acknowledges the notice it must honour (once)."""
    actor.require(SC.ACKNOWLEDGE_NOTICE, notice.program_id)
    if actor.organisation_id != notice.organisation_id or notice.addressee != Notice.Addressee.BRAND:
        raise DomainError(
            _("Only the brand the notice is addressed to can acknowledge it."), code=StandingErrorCode.NOT_ADDRESSEE
        )
    if notice.acknowledged_at:
        raise DomainError(_("This notice is already acknowledged."), code=StandingErrorCode.ALREADY_ACKNOWLEDGED)
    now = clock.now()
    return workflow_step(
        actor=actor,
        obj=notice,
        event=StandingEvent.NOTICE_ACKNOWLEDGED,
        program=notice.program,
        changes={"acknowledged_at": now, "acknowledged_by": actor.user, "opened_at": notice.opened_at or now},
        guard={"acknowledged_at__isnull": True},
        data={"notice": notice.public_id, "organisation": notice.organisation.public_id},
        public={"notice": notice.public_id, "kind": notice.kind, "acknowledged": True},
        public_kind="enforcement_notice_acknowledged",
    )


def notice_respond(*, actor: Actor, notice: Notice, text: str, appeal: bool = False) -> Notice:
    """The supplier responds to (or appeals) a notice addressed to it, in its portal."""
    actor.require(SC.RESPOND_NOTICE, notice.program_id)
    if actor.organisation_id != notice.organisation_id or notice.addressee != Notice.Addressee.SUPPLIER:
        raise DomainError(
            _("Only the supplier the notice is addressed to can respond."), code=StandingErrorCode.NOT_ADDRESSEE
        )
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write your response."), code=StandingErrorCode.RESPONSE_REQUIRED)
    if notice.responded_at:
        raise DomainError(_("This notice already has a response."), code=StandingErrorCode.ALREADY_RESPONDED)
    now = clock.now()
    return workflow_step(
        actor=actor,
        obj=notice,
        event=StandingEvent.NOTICE_RESPONDED,
        program=notice.program,
        changes={
            "response": text[:10000],
            "is_appeal": bool(appeal),
            "responded_at": now,
            "responded_by": actor.user,
            "opened_at": notice.opened_at or now,
        },
        guard={"responded_at__isnull": True},
        data={
            "notice": notice.public_id,
            "appeal": bool(appeal),
            "late": bool(notice.respond_by and now.date() > notice.respond_by),
        },
    )
