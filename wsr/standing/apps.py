from django.apps import AppConfig


class StandingConfig(AppConfig):
    name = "wsr.standing"
    label = "standing"
    verbose_name = "Supplier standing"

    def ready(self) -> None:
        from wsr.core.outbox import register_sender
        from wsr.standing.webhooks import webhook_send

        register_sender("webhook", webhook_send)
