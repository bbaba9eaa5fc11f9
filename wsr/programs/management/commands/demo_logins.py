"""List the demo logins (username, role, organisation, programs, what they see)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wsr.demo import demo_logins, demo_password


class Command(BaseCommand):
    help = "List every demo login with its role, organisation and programs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_logins()
        password = demo_password()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"password": password, "logins": [asdict(login) for login in logins]}, indent=2, ensure_ascii=False
                )
            )
            return
        if not logins:
            self.stdout.write("No demo logins: run `python manage.py load_demo` on an empty database.")
            return
        self.stdout.write(f"Demo logins (password for all: {password or 'set by WSR_DEMO_PASSWORD'}):")
        for login in logins:
            where = ", ".join(login.programs) or "-"
            self.stdout.write(
                f"  {login.username:<16} {login.role:<18} {login.organisation:<36} {where:<28} {login.sees}"
            )
