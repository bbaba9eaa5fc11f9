"""Event kinds written by the accounts services for role and organisation changes, with the
readable line each one shows in a program's History page."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class AccountEvent(StrEnum):
    MEMBERSHIP_GRANTED = "membership_granted"
    MEMBERSHIP_GRANT_REQUESTED = "membership_grant_requested"
    MEMBERSHIP_GRANT_CONFIRMED = "membership_grant_confirmed"
    MEMBERSHIP_GRANT_REFUSED = "membership_grant_refused"
    MEMBERSHIP_REVOKED = "membership_revoked"
    USER_ORGANISATION_CHANGED = "user_organisation_changed"
    ORGANISATION_CREATED = "organisation_created"
    ORGANISATION_CHANGED = "organisation_changed"


ACCOUNT_EVENT_LABELS = {
    AccountEvent.MEMBERSHIP_GRANTED: _("Role granted"),
    AccountEvent.MEMBERSHIP_GRANT_REQUESTED: _("Role grant waiting for confirmation"),
    AccountEvent.MEMBERSHIP_GRANT_CONFIRMED: _("Role grant confirmed"),
    AccountEvent.MEMBERSHIP_GRANT_REFUSED: _("Role grant refused"),
    AccountEvent.MEMBERSHIP_REVOKED: _("Role revoked"),
    AccountEvent.USER_ORGANISATION_CHANGED: _("Organisation of a user changed"),
    AccountEvent.ORGANISATION_CREATED: _("Organisation created"),
    AccountEvent.ORGANISATION_CHANGED: _("Organisation changed"),
}

# One sentence per kind for the History page; placeholders come from the event's data.
_LINES = {
    AccountEvent.MEMBERSHIP_GRANTED: _("%(actor)s gave %(user)s the role %(role)s."),
    AccountEvent.MEMBERSHIP_GRANT_REQUESTED: _(
        "%(actor)s asked to give %(user)s the role %(role)s; another program admin must confirm it."
    ),
    AccountEvent.MEMBERSHIP_GRANT_CONFIRMED: _("%(actor)s confirmed the role %(role)s for %(user)s."),
    AccountEvent.MEMBERSHIP_GRANT_REFUSED: _("%(actor)s refused the role %(role)s for %(user)s."),
    AccountEvent.MEMBERSHIP_REVOKED: _("%(actor)s took the role %(role)s away from %(user)s."),
    AccountEvent.USER_ORGANISATION_CHANGED: _("%(actor)s moved %(user)s from %(before_org)s to %(after_org)s."),
}


def account_event_line(*, verb: str, actor_label: str, data: dict[str, Any]) -> str:
    """The readable History line of a role change, in the active language ('' for other kinds)."""
    from wsr.accounts.roles import ROLE_LABELS, Role

    try:
        template = _LINES[AccountEvent(verb)]
    except (ValueError, KeyError):
        return ""
    if not data.get("user"):
        return ""  # an event written before role changes carried their subject: shown as stored
    role = data.get("role", "")
    role_label = ROLE_LABELS[Role(role)] if role in Role._value2member_map_ else role
    return str(template) % {
        "actor": actor_label,
        "user": data.get("user", ""),
        "role": role_label,
        "before_org": data.get("before_org") or "—",
        "after_org": data.get("after_org") or "—",
    }
