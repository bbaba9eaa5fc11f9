from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "wsr.alerts"
    label = "alerts"
    verbose_name = "Imminent-danger alerts and notifications"

    def ready(self) -> None:
        from wsr.alerts.sms import sms_send
        from wsr.core.outbox import register_sender

        register_sender("sms", sms_send)
