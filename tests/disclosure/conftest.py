"""A small public world through the real services: the Code adopted, facilities X and Y admitted
after onboarding audits, Y suspended (zero tolerance) with a Bengali local name."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from tests.standards.conftest import build_code
from tests.standing.conftest import actor, admit
from wsr.registry.services import facility_update
from wsr.standing.services import standing_decide
from wsr.standing.transitions import Grounds, Standing

BENGALI_Y = "সাপ্লায়ার ওয়াই খামার"


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()  # the public statistics are kept five minutes


@pytest.fixture
def world(personas: Any) -> Any:
    build_code(personas)
    admit(personas, personas.facility_x, personas.facility_y)
    admin = actor(personas.council_admin)
    facility_update(
        actor=admin,
        facility=personas.facility_y,
        fields={"name_local": BENGALI_Y, "address": "Plot 7, Konabari, Gazipur", "lat": "24.0012", "lng": "90.4123"},
    )
    standing_decide(
        actor=admin,
        program=personas.program,
        facilities=[personas.facility_y],
        target=Standing.SUSPENDED,
        grounds=Grounds.ZERO_TOLERANCE,
        grounds_ref="inspection",
        reason="Locked exit doors at an unannounced inspection.",
    )
    personas.facility_y.refresh_from_db()
    return personas
