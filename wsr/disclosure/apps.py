from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "wsr.disclosure"
    label = "disclosure"
