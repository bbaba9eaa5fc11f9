"""Issue label codes to every facility in good standing that has none yet (all programs, or one)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsr.disclosure.labels import label_codes_issue
from wsr.programs.models import Program


class Command(BaseCommand):
    help = "Issue label codes to the facilities in good standing that have none yet (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", help="the program's slug (default: every program)")

    def handle(self, *args: Any, **options: Any) -> None:
        programs = Program.objects.order_by("slug")
        if options.get("program"):
            programs = programs.filter(slug=options["program"])
            if not programs.exists():
                raise CommandError(f"no program {options['program']!r}")
        for program in programs:
            issued = label_codes_issue(program=program)
            self.stdout.write(f"{program.slug}: {len(issued)} label code(s) issued")
