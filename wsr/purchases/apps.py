from django.apps import AppConfig


class PurchasesConfig(AppConfig):
    name = "wsr.purchases"
    label = "purchases"
    verbose_name = "Purchase reports"
