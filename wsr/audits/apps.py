from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "wsr.audits"
    label = "audits"
