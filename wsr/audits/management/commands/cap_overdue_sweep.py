"""Flag corrective action items newly past their due date (idempotent).

The worker's scheduler runs this hourly (settings.WSR_PERIODIC_TASKS "audits.cap_overdue_sweep"); the
command runs it at once by hand.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wsr.audits.services import cap_overdue_sweep


class Command(BaseCommand):
    help = "Flag CAP items past their due date with work still open (one event per newly overdue item)."

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = cap_overdue_sweep()
        self.stdout.write(f"CAP overdue sweep: {flagged} item(s) newly flagged overdue.")
