"""Record SLA warnings and breaches of open complaints and escalate breaches (idempotent).

The worker's scheduler runs this every 15 minutes (settings.WSR_PERIODIC_TASKS "complaints.sla_sweep");
the command runs it at once by hand.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wsr.complaints.services import complaint_sla_sweep


class Command(BaseCommand):
    help = "Recompute every open complaint's SLA clocks; record warnings (50/75/90%) and breaches once."

    def handle(self, *args: Any, **options: Any) -> None:
        result = complaint_sla_sweep()
        self.stdout.write(
            f"{result.cases} open case(s): {result.warnings} new warning(s), {result.breaches} new breach(es), "
            f"{result.emails} e-mail(s) to program admins queued in the outbox."
        )
