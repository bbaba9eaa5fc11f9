from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "wsr.ledger"
    label = "ledger"
    verbose_name = "Premium ledger"
