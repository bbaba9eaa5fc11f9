"""A substantiated zero-tolerance complaint suspends the facility at once, in the confirming
investigator's name, unless the program allows an immediate remedy; then a monitor decides."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.complaints.staff_helpers import advance, file_case
from tests.standing.conftest import actor
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.models import Event, TransparencyEntry
from wsr.programs.models import Program
from wsr.standing.models import FacilityStanding, ZeroToleranceCase
from wsr.standing.services import standing_sweep, zero_tolerance_remedy, zero_tolerance_suspend

pytestmark = pytest.mark.django_db


def _status(personas):
    return FacilityStanding.objects.get(program=personas.program, facility=personas.facility_x).status


def _substantiate(personas):
    complaint = file_case(personas, category="forced_labour").complaint
    return advance(personas, complaint, "finding", refs=["1.1"])


def test_a_substantiated_zero_tolerance_complaint_suspends_at_once(admitted):
    personas = admitted
    complaint = _substantiate(personas)
    assert _status(personas) == "suspended"
    case = ZeroToleranceCase.objects.get()
    assert case.status == "suspended" and case.complaint_public_id == complaint.public_id
    event = Event.objects.get(verb="standing_suspended")
    assert event.data["grounds"] == "zero_tolerance" and event.data["grounds_ref"] == complaint.public_id
    assert event.actor_user is not None  # decided in the confirming monitor's name
    fact = TransparencyEntry.objects.filter(kind="standing_changed").latest("seq")
    assert fact.payload["standing"] == "suspended"
    assert "description" not in str(fact.payload)
    # the sweep finds nothing more to do
    assert standing_sweep() == 0
    assert Event.objects.filter(verb="standing_suspended").count() == 1


def test_where_an_immediate_remedy_is_allowed_the_case_waits_and_the_remedy_is_recorded(admitted):
    personas = admitted
    Program.objects.filter(pk=personas.program.pk).update(zero_tolerance_remedy_hours=24)
    _substantiate(personas)
    assert _status(personas) == "participating"
    case = ZeroToleranceCase.objects.select_related("program", "facility").get()
    assert case.status == "open"
    monitor = actor(personas.council_admin)
    zero_tolerance_remedy(actor=monitor, case=case, remedy="Supervisor dismissed at once; workers briefed.")
    case.refresh_from_db()
    assert case.status == "remedied"
    assert Event.objects.filter(verb="zero_tolerance_remedied", object_public_id=case.public_id).exists()
    assert TransparencyEntry.objects.filter(kind="zero_tolerance_remedied").exists()
    assert _status(personas) == "participating"


def test_an_immediate_remedy_after_the_allowed_hours_is_refused_and_the_monitor_suspends(admitted):
    personas = admitted
    Program.objects.filter(pk=personas.program.pk).update(zero_tolerance_remedy_hours=24)
    _substantiate(personas)
    case = ZeroToleranceCase.objects.select_related("program", "facility").get()
    monitor = actor(personas.council_admin)
    with time_machine.travel(clock.now() + dt.timedelta(hours=25), tick=False):
        with pytest.raises(DomainError) as refused:
            zero_tolerance_remedy(actor=monitor, case=case, remedy="Too late")
        assert refused.value.code == "remedy_too_late"
        zero_tolerance_suspend(actor=monitor, case=case, reason="No remedy in time.")
    case.refresh_from_db()
    assert case.status == "suspended" and _status(personas) == "suspended"


def test_without_the_allowance_a_remedy_is_refused(admitted):
    personas = admitted
    Program.objects.filter(pk=personas.program.pk).update(zero_tolerance_remedy_hours=24)
    _substantiate(personas)
    Program.objects.filter(pk=personas.program.pk).update(zero_tolerance_remedy_hours=0)
    case = ZeroToleranceCase.objects.select_related("program", "facility").get()
    with pytest.raises(DomainError) as refused:
        zero_tolerance_remedy(actor=actor(personas.council_admin), case=case, remedy="Dismissed")
    assert refused.value.code == "remedy_not_allowed"
    assert ZeroToleranceCase.objects.get().status == "open"


def test_the_complaint_text_never_reaches_notices_emails_or_the_public_log(
    admitted, django_capture_on_commit_callbacks
):
    from tests.standing.conftest import activate_agreement
    from wsr.core.models import OutboxMessage
    from wsr.standing.models import Notice

    personas = admitted
    activate_agreement(personas, personas.brand_a)
    canary = "CANARY-standing-7c1e-Ezekiel"
    complaint = file_case(
        personas, category="forced_labour", description=f"The contractor keeps our passports. {canary}"
    ).complaint
    with django_capture_on_commit_callbacks(execute=True):
        advance(personas, complaint, "finding", refs=["1.1"])
    assert Notice.objects.filter(organisation=personas.brand_a.organisation).exists()
    texts = [n.body for n in Notice.objects.all()]
    texts += [m.body + m.subject for m in OutboxMessage.objects.all()]
    texts += [str(e.payload) for e in TransparencyEntry.objects.all()]
    texts += [str(e.data) + e.reason for e in Event.objects.filter(verb__startswith="standing_")]
    assert not [t for t in texts if canary in t]
