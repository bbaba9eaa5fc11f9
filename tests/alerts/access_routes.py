"""Access-matrix rows for the alert pages (joined by tests/test_access_matrix.py).

Placeholders: an open alert in the program with the investigator on call (the council admin on
the roster, off duty), and an open alert in the other program, where no persona has a role."""

from __future__ import annotations

from typing import Any

from tests.access import expect, only
from wsr.alerts.models import DangerAlert, OnCall

MONITORS = ("council_admin", "investigator")
P = "/alerts/{program}"

ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/alerts/notifications/", expect(200, public=302)),
    ("POST", "/alerts/notifications/", expect(400, public=302)),  # no choice made: the form again
    ("GET", P + "/", only(MONITORS, others=403)),
    ("GET", "/alerts/{other_program}/", expect(404, public=302)),
    ("GET", P + "/{alert}/", only(MONITORS, others=403)),
    ("GET", "/alerts/{other_program}/{alert_other}/", expect(404, public=302)),
    # only the person on call acknowledges; the council admin (off duty) is refused
    ("POST", P + "/{alert}/acknowledge/", only(("investigator",), others=403, ok=302)),
    ("POST", "/alerts/{other_program}/{alert_other}/acknowledge/", expect(404, public=302)),
    ("GET", P + "/on-call/", only(MONITORS, others=403)),
    ("POST", P + "/on-call/", only(("council_admin",), others=403, ok=400)),
    ("POST", P + "/on-call/{on_call}/", only(("council_admin",), others=403, ok=302)),
]


def placeholders(personas: Any) -> dict[str, str]:
    program, other = personas.program, personas.other_program
    OnCall.objects.create(program=program, user=personas.investigator, phone="+1 555 010 0000", active=True)
    off = OnCall.objects.create(program=program, user=personas.council_admin, active=False)
    alert = DangerAlert.objects.create(
        program=program, source="complaint", facility=personas.facility_x, category="health_safety"
    )
    elsewhere = DangerAlert.objects.create(program=other, source="finding", category="health_safety")
    return {"alert": alert.public_id, "alert_other": elsewhere.public_id, "on_call": off.public_id}
