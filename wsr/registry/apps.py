from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "wsr.registry"
    label = "registry"
