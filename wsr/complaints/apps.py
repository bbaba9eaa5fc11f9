from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "wsr.complaints"
    label = "complaints"
