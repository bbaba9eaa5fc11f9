from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "wsr.alerts"
    label = "alerts"
    verbose_name = "Imminent-danger alerts and notifications"
