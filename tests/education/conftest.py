"""Fixtures for education: a fixed "today", two seasons for the personas' program, helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from tests.factories import UserFactory
from wsr.accounts.selectors import actor_for_user
from wsr.education.models import Session
from wsr.education.services import session_record
from wsr.programs.models import ReportingSeason

TODAY = dt.date(2026, 3, 16)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def seasons(personas: Any) -> dict[str, ReportingSeason]:
    program = personas.program
    return {
        "previous": ReportingSeason.objects.create(
            program=program, name="2024-25", starts_on=dt.date(2024, 11, 1), ends_on=dt.date(2025, 5, 31)
        ),
        "current": ReportingSeason.objects.create(
            program=program, name="2025-26", starts_on=dt.date(2025, 11, 1), ends_on=dt.date(2026, 5, 31)
        ),
    }


@pytest.fixture
def educator(personas: Any) -> Any:
    """A second educator of the worker organisation (no program role needed to educate)."""
    return UserFactory(username="educator-two", organisation=personas.program.worker_organisation)


def record(personas: Any, **overrides: Any) -> Session:
    values: dict[str, Any] = {
        "program": personas.program,
        "facility": personas.facility_x,
        "held_on": dt.date(2026, 2, 10),
        "language": "es",
        "kind": "periodic",
        "on_the_clock": True,
        "attendees": 40,
        "new_workers": 30,
        "educators": [personas.worker_org_staff],
        "topics": ["wages_hours", "health_safety"],
        **overrides,
    }
    return session_record(actor=actor_for_user(personas.worker_org_staff), **values)
