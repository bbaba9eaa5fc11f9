from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "wsr.agreements"
    label = "agreements"
