"""The on-call roster: the program admin puts monitoring-body staff on call and takes them off.
A roster row is kept when someone goes off duty (``active=False``): the history stays readable."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wsr.accounts.models import User
from wsr.alerts.capabilities import AlertCapability as AC
from wsr.alerts.errors import AlertErrorCode
from wsr.alerts.events import AlertEvent
from wsr.alerts.models import OnCall
from wsr.alerts.selectors import eligible_staff
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.events import event_record
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.programs.models import Program

_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,28}[0-9]$")


def _clean_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if phone and not _PHONE.match(phone):
        raise DomainError(
            _("Write the phone number with digits only, like +880 1711 000000."), code=AlertErrorCode.BAD_PHONE
        )
    return phone


def on_call_add(*, actor: Actor, program: Program, user: User, phone: str = "", active: bool = True) -> OnCall:
    """Put a staff member of the monitoring body on the roster (again, if they were on it)."""
    actor.require(AC.MANAGE_ROSTER, program.pk)
    phone = _clean_phone(phone)
    if not eligible_staff(program=program).filter(pk=user.pk).exists():
        raise DomainError(
            _("Only program admins and investigators of the monitoring body can be on call."),
            code=AlertErrorCode.NOT_STAFF,
        )
    existing = OnCall.objects.filter(program=program, user=user).first()
    if existing is not None:
        return on_call_set(actor=actor, row=existing, phone=phone, active=active)
    now = clock.now()
    try:
        with transaction.atomic():
            row = OnCall.objects.create(
                program=program,
                user=user,
                phone=phone,
                active=active,
                added_by=actor.user,
                added_at=now,
                updated_at=now,
            )
            event_record(
                actor=actor,
                obj=row,
                verb=AlertEvent.ON_CALL_ADDED,
                after="active" if active else "inactive",
                data={"user": user.username, "sms": bool(phone)},
                program_public_id=program.public_id,
            )
    except IntegrityError:  # added by someone else at the same moment
        return on_call_set(actor=actor, row=OnCall.objects.get(program=program, user=user), phone=phone, active=active)
    return row


def on_call_set(*, actor: Actor, row: OnCall, phone: str, active: bool) -> OnCall:
    """Change a roster row: on duty or not, and the phone for SMS alerts."""
    actor.require(AC.MANAGE_ROSTER, row.program_id)
    phone = _clean_phone(phone)
    before = "active" if row.active else "inactive"
    return workflow_step(
        actor=actor,
        obj=row,
        event=AlertEvent.ON_CALL_CHANGED,
        program=row.program,
        changes={"phone": phone, "active": active},
        guard={"active": row.active, "phone": row.phone},
        event_before=before,
        event_after="active" if active else "inactive",
        data={"user": row.user.username, "sms": bool(phone)},
        what="on-call row",
    )
