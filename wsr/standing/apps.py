from django.apps import AppConfig


class StandingConfig(AppConfig):
    name = "wsr.standing"
    label = "standing"
    verbose_name = "Supplier standing"
