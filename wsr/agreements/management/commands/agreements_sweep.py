"""Activate agreements whose effective date has come and expire those past their end (idempotent).

The worker's scheduler runs this hourly (settings.WSR_PERIODIC_TASKS "agreements.sweep"); the command
runs it at once by hand.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wsr.agreements.services import agreements_sweep


class Command(BaseCommand):
    help = "Activate signed agreements that are due and expire agreements past their end date."

    def handle(self, *args: Any, **options: Any) -> None:
        result = agreements_sweep()
        self.stdout.write(f"agreements activated: {result.activated}, expired: {result.expired}")
