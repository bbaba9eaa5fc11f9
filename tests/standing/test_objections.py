"""The worker organisation objects or asks for escalation; the monitoring body must answer within
the program's deadline (the clock moved with time-machine)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.standing.conftest import actor
from wsr.core.errors import CapabilityMissing, DomainError
from wsr.core.models import Event
from wsr.standing.models import Objection
from wsr.standing.selectors import objections_for_actor
from wsr.standing.services import objection_answer, objection_lodge, standing_decide
from wsr.standing.transitions import Grounds, Standing

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def _probation(personas):
    from tests.audits.conftest import item_in_state, record_finding, started_audit

    item = item_in_state(personas, record_finding(personas, started_audit(personas), ref="2.1"), "agreed")
    with time_machine.travel(item.due_on + dt.timedelta(days=1), tick=False):
        return standing_decide(
            actor=actor(personas.investigator),
            program=personas.program,
            facilities=[personas.facility_x],
            target=Standing.PROBATION,
            grounds=Grounds.OVERDUE_CAP,
            reason="Shade overdue.",
        )


def test_the_objection_clock_runs_to_the_programs_deadline(admitted):
    personas = admitted
    decision = _probation(personas)
    worker_org = actor(personas.worker_org_staff)
    with time_machine.travel(T0, tick=False):
        objection = objection_lodge(
            actor=worker_org,
            program=personas.program,
            kind=Objection.Kind.OBJECTION,
            decision=decision,
            text="Probation is too weak: workers report forced overtime too.",
        )
    assert objection.answer_due == T0 + dt.timedelta(days=5)
    assert Event.objects.filter(verb="standing_objection_lodged", object_public_id=objection.public_id).exists()
    with time_machine.travel(T0 + dt.timedelta(days=5), tick=False):
        assert not Objection.objects.get(pk=objection.pk).is_overdue
    with time_machine.travel(T0 + dt.timedelta(days=5, minutes=1), tick=False):
        assert Objection.objects.get(pk=objection.pk).is_overdue
        monitor = actor(personas.council_admin)
        overdue = [o for o in objections_for_actor(actor=monitor, program=personas.program) if o.is_overdue]
        assert [o.pk for o in overdue] == [objection.pk]
        objection_answer(actor=monitor, objection=objection, answer="We opened an escalation.")
    objection.refresh_from_db()
    assert objection.status == "answered" and not objection.is_overdue
    event = Event.objects.get(verb="standing_objection_answered", object_public_id=objection.public_id)
    assert event.data["late"] is True


def test_only_the_worker_organisation_objects_and_only_the_monitor_answers(admitted):
    personas = admitted
    with pytest.raises(CapabilityMissing):
        objection_lodge(
            actor=actor(personas.brand_a),
            program=personas.program,
            kind=Objection.Kind.ESCALATION_REQUEST,
            facility=personas.facility_x,
            text="Escalate",
        )
    objection = objection_lodge(
        actor=actor(personas.worker_org_staff),
        program=personas.program,
        kind=Objection.Kind.ESCALATION_REQUEST,
        facility=personas.facility_x,
        text="Escalate: wage theft again.",
    )
    with pytest.raises(CapabilityMissing):
        objection_answer(actor=actor(personas.worker_org_staff), objection=objection, answer="ok")
    with pytest.raises(DomainError):
        objection_answer(actor=actor(personas.council_admin), objection=objection, answer=" ")
    objection_answer(actor=actor(personas.council_admin), objection=objection, answer="Stage 1 opened.")
    with pytest.raises(DomainError) as again:
        objection_answer(actor=actor(personas.council_admin), objection=objection, answer="again")
    assert again.value.code == "already_answered"
