"""Recompute every transparency-log chain and report the first broken entry of each."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsr.core.transparency import transparency_verify


class Command(BaseCommand):
    help = "Verify the hash chain of the transparency log (every stream, or one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--stream", help="only this stream, e.g. program:prg_…")
        parser.add_argument("--json", action="store_true", help="print a JSON report")

    def handle(self, *args: Any, **options: Any) -> None:
        results = transparency_verify(options.get("stream"))
        broken = [r for r in results if not r.ok]
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "ok": not broken,
                        "streams": [
                            {
                                "stream": r.stream,
                                "ok": r.ok,
                                "entries": r.entries,
                                "broken_seq": r.broken_seq,
                                "problem": r.problem,
                            }
                            for r in results
                        ],
                    },
                    indent=2,
                )
            )
        else:
            for r in results:
                if r.ok:
                    self.stdout.write(f"OK      {r.stream}: {r.entries} entries")
                else:
                    self.stdout.write(f"BROKEN  {r.stream}: first broken entry seq {r.broken_seq}: {r.problem}")
            if not results:
                self.stdout.write("The log is empty.")
        if broken:
            raise CommandError(f"{len(broken)} stream(s) failed verification")
