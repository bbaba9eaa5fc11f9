from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "wsr.standards"
    label = "standards"
