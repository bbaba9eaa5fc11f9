"""Write a program's transparency log as an offline bundle for ``python -m wsr_verify``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsr.core.errors import NotFound
from wsr.core.log_tree import export_stream


class Command(BaseCommand):
    help = "Export a program's transparency log (signed head + entries' canonical bytes, JSON Lines)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("program", help="the program's slug")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        from wsr.programs.selectors import program_get_public

        try:
            stream = program_get_public(slug=options["program"]).log_stream
        except NotFound as exc:
            raise CommandError(f"No public program {options['program']!r}.") from exc
        if options.get("output"):
            path = Path(options["output"])
            with path.open("wb") as out:
                count = export_stream(stream, out)
            self.stdout.write(f"{count} entries of {stream} written to {path}")
        else:
            export_stream(stream, sys.stdout.buffer)
