from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wsr.accounts"
    label = "accounts"
