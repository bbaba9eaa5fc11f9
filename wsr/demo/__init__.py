"""The demo: two programs that tell one coherent story, built through the real services.

``load_demo()`` runs each part in order; later issues add their parts (codes, agreements,
complaints, audits, ledger) as modules beside ``foundation`` and append them to ``PARTS``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from wsr.demo import (
    agreements,
    audits,
    complaints,
    danger,
    disclosure,
    education,
    foundation,
    ledger,
    standards,
    standing,
)
from wsr.demo.logins import DemoLogin, demo_logins, demo_password

PARTS: list[Callable[[str], None]] = [
    foundation.build,
    standards.build,
    agreements.build,
    complaints.build,
    audits.build,
    education.build,
    standing.build,
    danger.build,
    ledger.build,
    disclosure.build,
]

__all__ = ["DemoLogin", "demo_is_loaded", "demo_logins", "demo_password", "load_demo"]


def demo_is_loaded() -> bool:
    from wsr.programs.models import Program

    return Program.objects.exists()


def load_demo() -> None:
    password = demo_password(create=True)
    with transaction.atomic():
        for part in PARTS:
            part(password)
