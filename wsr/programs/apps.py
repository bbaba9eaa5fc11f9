from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "wsr.programs"
    label = "programs"
