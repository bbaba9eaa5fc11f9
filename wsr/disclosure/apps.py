from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _reinstall_search_index(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """A later migration that rebuilds ``registry_facility`` (SQLite) drops the index's triggers."""
    from django.db import connections

    from wsr.disclosure.search_index import install

    install(connections[using])


class DisclosureConfig(AppConfig):
    name = "wsr.disclosure"
    label = "disclosure"

    def ready(self) -> None:
        from django.apps import apps

        # Sent per app with models (this one has none): after the registry's migrations.
        registry = apps.get_app_config("registry")
        post_migrate.connect(_reinstall_search_index, sender=registry, dispatch_uid="disclosure_search_index")
