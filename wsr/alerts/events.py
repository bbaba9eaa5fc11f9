"""Event kinds written on imminent-danger alerts, the on-call roster and notification
preferences. The values are the stored verbs: never rename one. Labels live beside the enum."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class AlertEvent(StrEnum):
    DANGER_ALERT_RAISED = "danger_alert_raised"
    DANGER_ALERT_REALERTED = "danger_alert_realerted"
    DANGER_ALERT_ACKNOWLEDGED = "danger_alert_acknowledged"
    ON_CALL_ADDED = "on_call_added"
    ON_CALL_CHANGED = "on_call_changed"
    NOTIFICATION_PREFERENCE_CHANGED = "notification_preference_changed"


EVENT_LABELS: dict[str, Promise] = {
    AlertEvent.DANGER_ALERT_RAISED: _("Imminent-danger alert sent to the on-call staff"),
    AlertEvent.DANGER_ALERT_REALERTED: _("Imminent-danger alert sent again (not yet acknowledged)"),
    AlertEvent.DANGER_ALERT_ACKNOWLEDGED: _("Imminent-danger alert acknowledged"),
    AlertEvent.ON_CALL_ADDED: _("Put on call"),
    AlertEvent.ON_CALL_CHANGED: _("On-call duty changed"),
    AlertEvent.NOTIFICATION_PREFERENCE_CHANGED: _("Notification preference changed"),
}
