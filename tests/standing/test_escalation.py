"""The escalation protocol on the database: stage notices with response windows, the stage 2
meeting, advance after each stage's length, de-escalation, termination at the end."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.standing.conftest import activate_agreement, actor
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.models import Event
from wsr.standing.models import Escalation, FacilityStanding, Notice
from wsr.standing.services import escalation_meeting_record, escalation_move, escalation_open

pytestmark = pytest.mark.django_db


def test_the_protocol_from_stage_1_to_termination(admitted):
    personas = admitted
    activate_agreement(personas, personas.brand_a)
    monitor = actor(personas.council_admin)
    program = personas.program
    start = clock.now()
    escalation = escalation_open(actor=monitor, program=program, facility=personas.facility_x, reason="Wages unpaid.")
    stage1 = Notice.objects.filter(kind="stage_1")
    assert {n.addressee for n in stage1} == {"brand", "supplier"}
    supplier_notice = stage1.get(addressee="supplier")
    assert supplier_notice.respond_by == clock.today() + dt.timedelta(days=program.notice_response_days)
    with pytest.raises(DomainError) as early:
        escalation_move(actor=monitor, escalation=escalation, to="stage_2", reason="No progress.")
    assert early.value.code == "stage_not_elapsed"

    day = start + dt.timedelta(days=program.escalation_stage1_days)
    with time_machine.travel(day, tick=False):
        escalation_move(actor=monitor, escalation=escalation, to="stage_2", reason="No progress.")
        escalation.refresh_from_db()
        assert escalation.status == "stage_2" and Notice.objects.filter(kind="stage_2").count() == 2
    day += dt.timedelta(days=program.escalation_stage2_days)
    with time_machine.travel(day, tick=False):
        with pytest.raises(DomainError) as no_meeting:
            escalation_move(actor=monitor, escalation=escalation, to="stage_3", reason="Final.")
        assert no_meeting.value.code == "meeting_not_held"
        escalation_meeting_record(actor=monitor, escalation=escalation, held_on=clock.today(), note="Owner attended.")
        escalation_move(actor=monitor, escalation=escalation, to="stage_3", reason="Final.")
    day += dt.timedelta(days=program.escalation_stage3_days)
    with time_machine.travel(day, tick=False):
        escalation_move(actor=monitor, escalation=escalation, to="terminated", reason="Exhausted.")
    escalation.refresh_from_db()
    assert escalation.status == "terminated"
    standing = FacilityStanding.objects.get(program=program, facility=personas.facility_x)
    assert standing.status == "terminated"
    terminated = Event.objects.get(verb="standing_terminated")
    assert terminated.data["grounds"] == "escalation" and terminated.data["grounds_ref"] == escalation.public_id
    assert Event.objects.filter(verb="escalation_advanced").count() == 3


def test_de_escalation_and_one_open_escalation_per_facility(admitted):
    personas = admitted
    monitor = actor(personas.council_admin)
    escalation = escalation_open(
        actor=monitor, program=personas.program, facility=personas.facility_x, reason="Overtime."
    )
    with pytest.raises(DomainError) as twice:
        escalation_open(actor=monitor, program=personas.program, facility=personas.facility_x, reason="Again.")
    assert twice.value.code == "already_escalated"
    escalation_move(actor=monitor, escalation=escalation, to="closed", reason="Adequate progress.")
    assert Escalation.objects.get(pk=escalation.pk).status == "closed"
    assert Event.objects.filter(verb="escalation_deescalated").count() == 1
    with pytest.raises(DomainError):
        escalation_open(
            actor=actor(personas.brand_a), program=personas.program, facility=personas.facility_x, reason="x"
        )
