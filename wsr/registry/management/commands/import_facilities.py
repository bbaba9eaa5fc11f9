"""python manage.py import_facilities --program SLUG [--brand BRAND] [--json] FILE..."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from wsr.core.models import Event
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.registry.importing.selectors import import_brand_choices
from wsr.registry.importing.services import ImportJobRefused, import_job_create
from wsr.registry.models import ImportRow, RowOutcome

COUNTS = ("created", "matched", "review", "rejected")


class Command(BaseCommand):
    help = "Import facility lists (CSV or XLSX, Open Supply Hub columns) into a program."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--program", required=True, help="the program's slug")
        parser.add_argument("--brand", default="", help="the brand whose sourcing list this is (public id or name)")
        parser.add_argument("--json", action="store_true", help="print one JSON summary instead of text")

    def handle(self, *args: Any, **options: Any) -> None:
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"No program with the slug {options['program']!r}.")
        brand = None
        if options["brand"]:
            wanted = options["brand"]
            brand = import_brand_choices(program).filter(Q(public_id=wanted) | Q(name__iexact=wanted)).first()
            if brand is None:
                raise CommandError(f"No brand {wanted!r} takes part in the program {program.slug}.")
        actor = Actor.system("import")
        results, totals, refused = [], dict.fromkeys(COUNTS, 0), 0
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            result: dict[str, Any] = {"file": name}
            try:
                job = import_job_create(
                    actor=actor, program=program, data=path.read_bytes(), filename=path.name, brand=brand, run_now=True
                )
            except ImportJobRefused as exc:
                refused += 1
                result.update(dict.fromkeys(COUNTS, 0), rejected_rows=[], error=str(exc.message))
                if not options["json"]:
                    self.stderr.write(f"{name}: refused: {exc.message}")
                results.append(result)
                continue
            finished = Event.objects.filter(verb="import_finished", object_public_id=job.public_id).first()
            outside = int((finished.data or {}).get("outside_program", 0)) if finished else 0
            rejected = ImportRow.objects.filter(job=job, outcome=RowOutcome.REJECTED).order_by("line")
            result.update(
                import_id=job.public_id,
                created=job.created_count,
                matched=job.matched_count,
                review=job.review_count,
                rejected=job.rejected_count,
                outside_program=outside,
                rejected_rows=[
                    {"line": line, "reason": reason} for line, reason in rejected.values_list("line", "reason")
                ],
            )
            for key in COUNTS:
                totals[key] += result[key]
            results.append(result)
            if not options["json"]:
                self.stdout.write(
                    f"{name}: {job.total_rows} rows: {job.created_count} created, {job.matched_count} matched, "
                    f"{job.review_count} to review, {job.rejected_count} rejected (import {job.public_id})"
                )
                for row in result["rejected_rows"]:
                    self.stdout.write(f"  line {row['line']}: {row['reason']}")
                if outside:
                    self.stderr.write(
                        f"{name}: warning: {outside} rows are outside the program's countries or sector "
                        f"(undo the import from its page if that was a mistake)"
                    )
        if options["json"]:
            self.stdout.write(json.dumps({"files": results, **totals}, ensure_ascii=False, indent=2))
        elif len(results) > 1:
            self.stdout.write("total: " + ", ".join(f"{totals[k]} {k}" for k in COUNTS))
        if refused:
            raise CommandError(f"{refused} of {len(results)} files were refused.")
