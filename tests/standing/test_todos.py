"""Each role's home shows what waits for it, with counts, oldest first."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.audits.conftest import item_in_state, record_finding, started_audit
from tests.complaints.staff_helpers import file_case
from tests.conftest import login
from tests.standing.conftest import activate_agreement, actor
from wsr.standing.models import Objection
from wsr.standing.services import escalation_open, objection_lodge, standing_decide, standing_notices_send
from wsr.standing.todos import todos_for
from wsr.standing.transitions import Grounds, Standing

pytestmark = pytest.mark.django_db


def _keys(personas, user):
    return {t.key: t.count for t in todos_for(actor=actor(user), program=personas.program)}


def test_every_role_sees_its_own_todos(admitted):
    personas = admitted
    activate_agreement(personas, personas.brand_a)
    file_case(personas)
    item_in_state(personas, record_finding(personas, started_audit(personas), ref="2.1"), "reported_fixed")
    decision = standing_decide(
        actor=actor(personas.investigator),
        program=personas.program,
        facilities=[personas.facility_x],
        target=Standing.SUSPENDED,
        grounds=Grounds.ZERO_TOLERANCE,
        reason="Forced labour confirmed.",
    )
    standing_notices_send.call(decision=decision.public_id)
    escalation_open(
        actor=actor(personas.council_admin), program=personas.program, facility=personas.facility_y, reason="Wages."
    )
    objection_lodge(
        actor=actor(personas.worker_org_staff),
        program=personas.program,
        kind=Objection.Kind.OBJECTION,
        decision=decision,
        text="Terminate instead.",
    )

    investigator = _keys(personas, personas.investigator)
    assert investigator["complaints_new"] == 1 and investigator["cap_verify"] == 1
    assert investigator["objections_to_answer"] == 1
    assert _keys(personas, personas.worker_org_staff)["objections_waiting"] == 1
    assert _keys(personas, personas.brand_a) == {"notices_to_acknowledge": 1}
    assert _keys(personas, personas.brand_b) == {}
    assert _keys(personas, personas.supplier_y)["notices_to_answer"] == 1
    assert "notices_to_answer" not in _keys(personas, personas.supplier_x)  # a suspension needs no answer

    home = login(Client(), personas.worker_org_staff).get("/home/")
    assert home.status_code == 200
    assert b'data-testid="recent-decisions"' in home.content and b"Supplier X Farm One" in home.content
    brand_home = login(Client(), personas.brand_a).get("/home/")
    assert b'data-testid="todo-notices_to_acknowledge"' in brand_home.content


def test_a_deadline_reads_next_due_and_an_arrival_reads_oldest(admitted):
    personas = admitted
    escalation_open(
        actor=actor(personas.council_admin), program=personas.program, facility=personas.facility_y, reason="Wages."
    )
    todos = {t.key: t for t in todos_for(actor=actor(personas.supplier_y), program=personas.program)}
    assert todos["notices_to_answer"].by_due_date  # respond_by is a deadline in the future
    assert not any(t.by_due_date for t in todos_for(actor=actor(personas.investigator), program=personas.program))

    home = login(Client(), personas.supplier_y).get("/home/")
    item = home.content.decode().split('data-testid="todo-notices_to_answer"')[1].split("</li>")[0]
    assert "next due" in item and "oldest" not in item
