"""Event kinds written on supplier standing, escalations, enforcement notices and objections.
The values are the stored verbs: never rename one."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class StandingEvent(StrEnum):
    STANDING_ADMITTED = "standing_admitted"
    STANDING_PROBATION = "standing_probation"
    STANDING_PROBATION_LIFTED = "standing_probation_lifted"
    STANDING_SUSPENDED = "standing_suspended"
    STANDING_REINSTATED = "standing_reinstated"
    STANDING_TERMINATED = "standing_terminated"
    STANDING_WITHDRAWN = "standing_withdrawn"
    ZERO_TOLERANCE_OPENED = "zero_tolerance_opened"  # a confirmed violation waits for the monitor
    ZERO_TOLERANCE_REMEDIED = "zero_tolerance_remedied"  # the program's immediate-remedy rule applied
    ZERO_TOLERANCE_CLOSED = "zero_tolerance_closed"  # closed without suspension: facility not in good standing
    ESCALATION_OPENED = "escalation_opened"
    ESCALATION_ADVANCED = "escalation_advanced"
    ESCALATION_DEESCALATED = "escalation_deescalated"
    ESCALATION_MEETING_HELD = "escalation_meeting_held"
    NOTICE_SENT = "enforcement_notice_sent"
    NOTICE_OPENED = "enforcement_notice_opened"
    NOTICE_ACKNOWLEDGED = "enforcement_notice_acknowledged"
    NOTICE_RESPONDED = "enforcement_notice_responded"
    OBJECTION_LODGED = "standing_objection_lodged"
    OBJECTION_ANSWERED = "standing_objection_answered"
    WEBHOOK_CREATED = "webhook_endpoint_created"
    WEBHOOK_DISABLED = "webhook_endpoint_disabled"


# Labels of the kinds added after the catalogue's first list (wsr/core/catalogue.py reads them).
EVENT_LABELS: dict[str, Promise] = {
    StandingEvent.ZERO_TOLERANCE_CLOSED: _(
        "Zero-tolerance case closed without suspension (facility not in good standing)"
    ),
    StandingEvent.WEBHOOK_CREATED: _("Brand webhook endpoint registered"),
    StandingEvent.WEBHOOK_DISABLED: _("Brand webhook endpoint disabled"),
}
