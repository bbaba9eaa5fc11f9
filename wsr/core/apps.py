from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wsr.core"
    label = "core"
    verbose_name = "Core: events, transparency log, throttles"
