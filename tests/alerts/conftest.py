"""Alerts fixtures: the investigator on call (with a phone for SMS), the council admin not."""

from __future__ import annotations

from typing import Any

import pytest

from wsr.accounts.selectors import actor_for_user
from wsr.alerts.models import OnCall
from wsr.alerts.services.roster import on_call_add, on_call_set
from wsr.complaints.services.intake import complaint_intake
from wsr.core.permissions import Actor

ON_CALL_PHONE = "+1 555 010 9999"


@pytest.fixture
def on_call(personas: Any) -> OnCall:
    admin = actor_for_user(personas.council_admin)
    on_call_add(actor=admin, program=personas.program, user=personas.investigator, phone=ON_CALL_PHONE)
    row = on_call_add(actor=admin, program=personas.program, user=personas.council_admin)
    on_call_set(actor=admin, row=row, phone="", active=False)  # on the roster, off duty
    return OnCall.objects.get(program=personas.program, user=personas.investigator)


def report_danger(personas: Any, **overrides: Any) -> Any:
    """A worker's web report that someone is in danger now (through the one intake service)."""
    values: dict[str, Any] = {
        "actor": Actor.anonymous("complainant"),
        "program": personas.program,
        "channel": "web",
        "facility": personas.facility_x,
        "facility_name": "",
        "category": "health_safety",
        "description": "The fire exit is chained shut. KANARI-NARRATIVE-31",
        "language": "es",
        "anonymous": False,
        "name": "KANARI-NAME-31",
        "phone": "+1 555 777 3131",
        "imminent_danger": True,
        "hazard": "fire",
    }
    values.update(overrides)
    return complaint_intake(**values)
