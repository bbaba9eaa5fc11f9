"""Load the demo programs (through the real services) into an empty database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsr.demo import demo_is_loaded, demo_logins, demo_password, load_demo


class Command(BaseCommand):
    help = "Load the demo programs, organisations, facilities and one login per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing (and succeed) if programs exist")

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_is_loaded():
            if options["if_empty"]:
                self.stdout.write("Demo: the database already holds programs; nothing loaded.")
                return
            raise CommandError("The database already holds programs; the demo loads only into an empty one.")
        load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {len(demo_logins())} logins, password: {demo_password()}"))
