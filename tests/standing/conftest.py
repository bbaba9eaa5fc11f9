"""Builders for standing tests, going through the real services (audits, agreements, standing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.audits.conftest import started_audit
from tests.standards.conftest import build_code
from wsr.accounts.selectors import actor_for_user
from wsr.agreements.models import Agreement
from wsr.audits import services as audits
from wsr.audits.models import Audit
from wsr.core import clock
from wsr.standing.services import standing_decide
from wsr.standing.transitions import Grounds, Standing


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def actor(user: Any) -> Any:
    return actor_for_user(user)


def completed_audit(personas: Any, facility: Any, kind: str) -> Audit:
    audit = started_audit(personas, facility=facility, kind=kind)
    auditor = actor(personas.auditor)
    audits.audit_fieldwork_record(
        actor=auditor,
        audit=audit,
        workforce_on_day=100,
        workers_interviewed=60,
        managers_interviewed=2,
        documents_reviewed=["payroll"],
    )
    return audits.audit_complete(actor=auditor, audit=audit)


def admit(personas: Any, *facilities: Any) -> None:
    """Each facility admitted after a passed onboarding audit (the Code must exist)."""
    for facility in facilities:
        completed_audit(personas, facility, "initial")
        standing_decide(
            actor=actor(personas.council_admin),
            program=personas.program,
            facilities=[facility],
            target=Standing.PARTICIPATING,
            grounds=Grounds.ONBOARDING_AUDIT,
            reason="Onboarding audit passed.",
        )


def activate_agreement(personas: Any, brand_user: Any) -> Agreement:
    """An active agreement of the brand in the program (written directly: agreements are tested
    in their own domain; here only its status matters)."""
    today = clock.today()
    return Agreement.objects.create(
        program=personas.program,
        brand=brand_user.organisation,
        title=f"Agreement with {brand_user.organisation.name}",
        status="active",
        effective_from=today - dt.timedelta(days=30),
    )


@pytest.fixture
def code(personas: Any) -> Any:
    return build_code(personas)


@pytest.fixture
def admitted(personas: Any, code: Any) -> Any:
    admit(personas, personas.facility_x, personas.facility_y)
    return personas
