"""Standing decisions on the database: state, history, event and public fact; refusals write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.audits.conftest import item_in_state, record_finding, started_audit
from tests.factories import FacilityFactory, ProgramFacilityFactory
from tests.standing.conftest import actor, admit, completed_audit
from wsr.core import clock
from wsr.core.errors import CapabilityMissing, DomainError
from wsr.core.models import Event, TransparencyEntry
from wsr.standing.models import Decision, FacilityStanding, StandingChange
from wsr.standing.services import standing_decide, supplier_facilities
from wsr.standing.transitions import Grounds, Standing

pytestmark = pytest.mark.django_db


def _standing(personas, facility):
    return FacilityStanding.objects.get(program=personas.program, facility=facility)


def _suspend(personas, facilities, user=None):
    return standing_decide(
        actor=actor(user or personas.investigator),
        program=personas.program,
        facilities=facilities,
        target=Standing.SUSPENDED,
        grounds=Grounds.ZERO_TOLERANCE,
        grounds_ref="cmp-test",
        reason="Forced labour confirmed.",
    )


def _reinstate(personas, facility):
    return standing_decide(
        actor=actor(personas.council_admin),
        program=personas.program,
        facilities=[facility],
        target=Standing.PARTICIPATING,
        grounds=Grounds.REENTRY_AUDIT,
        reason="Re-entry audit passed, every corrective action verified.",
    )


def test_admission_after_an_onboarding_audit_writes_state_history_event_and_public_fact(personas, code):
    admit(personas, personas.facility_x)
    standing = _standing(personas, personas.facility_x)
    assert standing.status == Standing.PARTICIPATING
    change = StandingChange.objects.get(standing=standing)
    assert (change.before, change.after) == ("applicant", "participating")
    event = Event.objects.get(verb="standing_admitted", object_public_id=standing.public_id)
    assert event.data["grounds"] == "onboarding_audit" and event.actor_user == personas.council_admin
    entry = TransparencyEntry.objects.filter(kind="standing_changed").latest("seq")
    assert entry.payload["facility"] == personas.facility_x.public_id
    assert entry.payload["standing"] == "participating"


def test_admission_without_an_onboarding_audit_is_refused_and_writes_nothing(personas, code):
    with pytest.raises(DomainError) as refused:
        standing_decide(
            actor=actor(personas.council_admin),
            program=personas.program,
            facilities=[personas.facility_x],
            target=Standing.PARTICIPATING,
            grounds=Grounds.ONBOARDING_AUDIT,
            reason="Looks fine.",
        )
    assert refused.value.code == "onboarding_audit_missing"
    assert not Decision.objects.exists()
    assert not Event.objects.filter(verb="standing_admitted").exists()


def test_brands_and_suppliers_cannot_decide(personas, admitted):
    with pytest.raises(CapabilityMissing):
        _suspend(personas, [personas.facility_x], user=personas.brand_a)
    with pytest.raises(CapabilityMissing):
        _suspend(personas, [personas.facility_x], user=personas.worker_org_staff)
    assert _standing(personas, personas.facility_x).status == Standing.PARTICIPATING


def test_one_decision_covers_every_facility_of_a_supplier(personas, admitted):
    second = FacilityFactory(name="Supplier X Farm Two", supplier=personas.facility_x.supplier)
    ProgramFacilityFactory(program=personas.program, facility=second)
    admit(personas, second)
    facilities = supplier_facilities(program=personas.program, supplier_id=personas.facility_x.supplier_id)
    assert {f.pk for f in facilities} == {personas.facility_x.pk, second.pk}
    decision = _suspend(personas, facilities)
    assert decision.changes.count() == 2
    for facility in facilities:
        assert _standing(personas, facility).status == Standing.SUSPENDED
    assert Event.objects.filter(verb="standing_suspended", data__decision=decision.public_id).count() == 2


def test_a_decision_over_several_facilities_is_all_or_none(personas, admitted):
    applicant = FacilityFactory(name="Supplier X Farm Three", supplier=personas.facility_x.supplier)
    ProgramFacilityFactory(program=personas.program, facility=applicant)  # still an applicant
    with pytest.raises(Exception):  # noqa: B017 - TransitionNotAllowed on the applicant
        _suspend(personas, [personas.facility_x, applicant])
    assert _standing(personas, personas.facility_x).status == Standing.PARTICIPATING
    assert not Decision.objects.filter(target="suspended").exists()
    assert not Event.objects.filter(verb="standing_suspended").exists()


def test_overdue_serious_caps_move_a_facility_to_probation_and_back(personas, admitted):
    audit = started_audit(personas)
    item = item_in_state(personas, record_finding(personas, audit, ref="2.1"), "agreed")
    monitor = actor(personas.investigator)

    def probation():
        return standing_decide(
            actor=monitor,
            program=personas.program,
            facilities=[personas.facility_x],
            target=Standing.PROBATION,
            grounds=Grounds.OVERDUE_CAP,
            reason="Shade structures overdue.",
        )

    with pytest.raises(DomainError) as refused:
        probation()
    assert refused.value.code == "no_overdue_serious_cap"
    with time_machine.travel(item.due_on + dt.timedelta(days=1), tick=False):
        probation()
        assert _standing(personas, personas.facility_x).status == Standing.PROBATION
        with pytest.raises(DomainError) as still:
            standing_decide(
                actor=monitor,
                program=personas.program,
                facilities=[personas.facility_x],
                target=Standing.PARTICIPATING,
                grounds=Grounds.REMEDIED,
                reason="Done?",
            )
        assert still.value.code == "overdue_serious_cap_left"
    assert Event.objects.filter(verb="standing_probation").count() == 1


def test_reinstatement_needs_the_minimum_verified_caps_and_a_reentry_audit(personas, admitted):
    start = clock.now()
    _suspend(personas, [personas.facility_x])
    item = item_in_state(personas, record_finding(personas, started_audit(personas), ref="2.1"), "agreed")
    # before the minimum: refused
    with time_machine.travel(start + dt.timedelta(days=89), tick=False):
        with pytest.raises(DomainError) as refused:
            _reinstate(personas, personas.facility_x)
        assert refused.value.code == "minimum_not_elapsed"
    with time_machine.travel(start + dt.timedelta(days=90), tick=False):
        # the minimum elapsed, an item is still unverified
        with pytest.raises(DomainError) as refused:
            _reinstate(personas, personas.facility_x)
        assert refused.value.code == "cap_not_verified"
        for step in ("start", "report", "verify"):
            item.refresh_from_db()
            _cap_step(personas, item, step)
        # verified, but no re-entry audit since the suspension
        with pytest.raises(DomainError) as refused:
            _reinstate(personas, personas.facility_x)
        assert refused.value.code == "reentry_audit_missing"
        completed_audit(personas, personas.facility_x, "re_entry")
        _reinstate(personas, personas.facility_x)
    standing = _standing(personas, personas.facility_x)
    assert standing.status == Standing.PARTICIPATING and standing.suspended_on is None
    assert Event.objects.filter(verb="standing_reinstated", object_public_id=standing.public_id).count() == 1
    assert Event.objects.filter(verb="standing_suspended").count() == 1


def _cap_step(personas, item, step):
    from tests.audits.conftest import actor as audit_actor
    from wsr.audits import services as s
    from wsr.demo.audits import demo_png

    supplier = audit_actor(personas.supplier_x)
    if step == "start":
        s.cap_item_start(actor=supplier, item=item)
    elif step == "report":
        s.cap_item_report_fixed(actor=supplier, item=item, note="done", photo=demo_png())
    else:
        s.cap_item_verify(actor=audit_actor(personas.investigator), item=item, note="seen")


def test_a_terminated_facility_cannot_come_back(personas, admitted):
    _suspend(personas, [personas.facility_x])
    standing_decide(
        actor=actor(personas.council_admin),
        program=personas.program,
        facilities=[personas.facility_x],
        target=Standing.TERMINATED,
        grounds=Grounds.MONITOR_DECISION,
        reason="Repeated forced labour.",
    )
    with pytest.raises(DomainError):
        _reinstate(personas, personas.facility_x)
    assert _standing(personas, personas.facility_x).status == Standing.TERMINATED
