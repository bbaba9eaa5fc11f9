from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "wsr.education"
    label = "education"
