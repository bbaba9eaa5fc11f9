from enum import StrEnum


class AlertCapability(StrEnum):
    VIEW = "alerts.view"  # the program's imminent-danger alerts and its on-call roster (monitoring staff)
    ACKNOWLEDGE = "alerts.acknowledge"  # may be on call; acknowledges an alert only while on call
    MANAGE_ROSTER = "alerts.manage_roster"  # puts staff on call and takes them off (program admin)
