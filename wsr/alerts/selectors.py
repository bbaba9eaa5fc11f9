"""Reads of alerts, the on-call roster and notification preferences."""

from __future__ import annotations

from django.db.models import QuerySet

from wsr.accounts.models import Membership, User
from wsr.accounts.roles import ROLE_CAPABILITIES, Role
from wsr.alerts.capabilities import AlertCapability as AC
from wsr.alerts.models import DangerAlert, NotificationMode, NotificationPreference, OnCall
from wsr.alerts.transitions import AlertState
from wsr.core.errors import NotFound
from wsr.core.permissions import Actor
from wsr.programs.models import Program

# Roles that may be on call (they hold ACKNOWLEDGE): program admins and investigators.
ON_CALL_ROLES = tuple(str(role) for role in Role if AC.ACKNOWLEDGE in ROLE_CAPABILITIES[role])


def alerts_for_program(*, program: Program) -> QuerySet[DangerAlert]:
    return DangerAlert.objects.filter(program=program).select_related("facility", "complaint", "acknowledged_by")


def open_alerts(*, program: Program) -> QuerySet[DangerAlert]:
    return alerts_for_program(program=program).filter(status=AlertState.OPEN)


def alert_get_for_actor(*, actor: Actor, program: Program, public_id: str) -> DangerAlert:
    """The alert if the actor may see the program's alerts; 404 for another program's alert."""
    actor.require(AC.VIEW, program.pk)
    found = alerts_for_program(program=program).filter(public_id=public_id).first()
    if found is None:
        raise NotFound("alert")
    return found


def eligible_staff(*, program: Program) -> QuerySet[User]:
    """Who may be on call: active members of the monitoring body holding an on-call role here."""
    user_ids = Membership.objects.filter(program=program, role__in=ON_CALL_ROLES).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True, organisation_id=program.monitoring_body_id).order_by(
        "username"
    )


def on_call_roster(*, program: Program) -> QuerySet[OnCall]:
    return OnCall.objects.filter(program=program).select_related("user").order_by("-active", "user__username")


def on_call_now(*, program: Program) -> list[OnCall]:
    """The active on-call rows whose person may still be on call (role kept, account active)."""
    allowed = set(eligible_staff(program=program).values_list("pk", flat=True))
    return [row for row in on_call_roster(program=program).filter(active=True) if row.user_id in allowed]


def is_on_call(*, program: Program, user: object) -> bool:
    user_id = getattr(user, "pk", None)
    return user_id is not None and any(row.user_id == user_id for row in on_call_now(program=program))


def notification_mode(user: User) -> str:
    """The user's choice; a user who never chose gets the daily digest."""
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref.mode if pref else NotificationMode.DAILY
