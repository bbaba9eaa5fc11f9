"""python manage.py export_facilities --program SLUG > facilities.csv"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsr.core.csv_export import CsvDictWriter
from wsr.programs.models import Program
from wsr.registry.importing.selectors import EXPORT_COLUMNS, facilities_export_rows


class Command(BaseCommand):
    help = "Write a program's facilities as Open Supply Hub compatible CSV on standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, help="the program's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"No program with the slug {options['program']!r}.")
        writer = CsvDictWriter(self.stdout, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        self.stdout.ending = ""
        writer.writeheader()
        for row in facilities_export_rows(program):
            writer.writerow(row)
