"""Standing pages: the monitor decides through the form, the brand opens and acknowledges its
notice, the worker organisation sees the decision and objects; refusals are 400 with the reason."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.standing.conftest import activate_agreement
from wsr.core.models import Event
from wsr.standing.models import FacilityStanding, Notice, Objection
from wsr.standing.services import standing_notices_send

pytestmark = pytest.mark.django_db


def _decide_url(personas):
    return f"/standing/{personas.program.slug}/facilities/{personas.facility_x.public_id}/decide/"


def test_the_monitor_suspends_through_the_form_and_the_brand_acknowledges_the_notice(admitted, client):
    personas = admitted
    activate_agreement(personas, personas.brand_a)
    login(client, personas.investigator)
    response = client.post(
        _decide_url(personas),
        {"target": "suspended", "grounds": "zero_tolerance", "grounds_ref": "cmp_x", "reason": "Forced labour."},
    )
    assert response.status_code == 302
    standing = FacilityStanding.objects.get(program=personas.program, facility=personas.facility_x)
    assert standing.status == "suspended"
    decision_event = Event.objects.get(verb="standing_suspended")
    standing_notices_send.call(decision=decision_event.data["decision"])

    brand = login(client.__class__(), personas.brand_a)
    notice = Notice.objects.get(organisation=personas.brand_a.organisation)
    page = brand.get(f"/standing/notices/{notice.public_id}/")
    assert page.status_code == 200 and b"Supplier X Farm One" in page.content
    notice.refresh_from_db()
    assert notice.opened_at is not None
    assert brand.post(f"/standing/notices/{notice.public_id}/acknowledge/").status_code == 302
    notice.refresh_from_db()
    assert notice.acknowledged_by == personas.brand_a
    assert Event.objects.filter(verb="enforcement_notice_acknowledged").count() == 1

    worker_org = login(client.__class__(), personas.worker_org_staff)
    board = worker_org.get(f"/standing/{personas.program.slug}/")
    assert board.status_code == 200
    assert personas.facility_x.name.encode() in board.content and b"Forced labour." in board.content


def test_a_refused_decision_is_a_400_with_the_reason_and_writes_nothing(admitted, client):
    personas = admitted
    login(client, personas.council_admin)
    response = client.post(
        _decide_url(personas),
        {"target": "suspended", "grounds": "overdue_cap", "reason": "Wrong grounds."},
    )
    assert response.status_code == 400
    assert b"These grounds do not allow this change of standing." in response.content
    assert (
        FacilityStanding.objects.get(program=personas.program, facility=personas.facility_x).status == "participating"
    )
    assert not Event.objects.filter(verb="standing_suspended").exists()


def test_the_worker_organisation_asks_for_escalation(admitted, client):
    personas = admitted
    login(client, personas.worker_org_staff)
    url = f"/standing/{personas.program.slug}/facilities/{personas.facility_x.public_id}/request-escalation/"
    assert client.post(url, {"text": "Wage theft again this week."}).status_code == 302
    objection = Objection.objects.get()
    assert objection.kind == "escalation_request" and objection.lodged_by == personas.worker_org_staff
    assert Event.objects.filter(verb="standing_objection_lodged", object_public_id=objection.public_id).exists()


def test_the_brand_sees_the_suspended_facility_as_not_eligible(admitted, client):
    from tests.standing.conftest import actor
    from wsr.standing.services import standing_decide

    personas = admitted
    standing_decide(
        actor=actor(personas.investigator),
        program=personas.program,
        facilities=[personas.facility_x],
        target="suspended",
        grounds="zero_tolerance",
        reason="Forced labour.",
    )
    login(client, personas.brand_a)
    page = client.get(f"/standing/{personas.program.slug}/eligibility/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f'data-testid="eligible-{personas.facility_x.public_id}"><strong>no</strong>' in body
    assert personas.facility_y.public_id not in body  # brand A does not source from farm Y
