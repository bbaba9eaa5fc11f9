"""GET /api/v1/programs/{program}/eligible-suppliers with a brand user's bearer token."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.standing.conftest import actor
from wsr.accounts.tokens import api_token_issue
from wsr.core.models import Event
from wsr.standing.models import Notice
from wsr.standing.services import standing_decide, standing_notices_send
from wsr.standing.transitions import Grounds, Standing

pytestmark = pytest.mark.django_db
URL = "/api/v1/programs/fair-harvest/eligible-suppliers"


def _bearer(user):
    return {"Authorization": f"Bearer {api_token_issue(user=user)}"}


def test_the_brand_sees_facilities_in_good_standing_and_a_suspension_removes_one_at_once(admitted):
    personas = admitted
    headers = _bearer(personas.brand_a)
    body = Client().get(URL, headers=headers).json()
    assert {i["facility"] for i in body["items"]} == {personas.facility_x.public_id, personas.facility_y.public_id}
    item = next(i for i in body["items"] if i["facility"] == personas.facility_x.public_id)
    assert item["supplier"] == personas.facility_x.supplier.public_id and item["standing"] == "participating"
    assert item["since"]
    standing_decide(
        actor=actor(personas.investigator),
        program=personas.program,
        facilities=[personas.facility_x],
        target=Standing.SUSPENDED,
        grounds=Grounds.ZERO_TOLERANCE,
        reason="Forced labour confirmed.",
    )
    body = Client().get(URL, headers=headers).json()
    assert [i["facility"] for i in body["items"]] == [personas.facility_y.public_id]


def test_suppliers_and_strangers_get_no_list(admitted):
    personas = admitted
    assert Client().get(URL).status_code == 401
    assert Client().get(URL, headers=_bearer(personas.supplier_x)).status_code == 403
    assert (
        Client()
        .get("/api/v1/programs/garment-safety/eligible-suppliers", headers=_bearer(personas.brand_a))
        .status_code
        == 404
    )


def test_the_brand_acknowledges_a_notice_through_the_api(admitted):
    from tests.standing.conftest import activate_agreement

    personas = admitted
    activate_agreement(personas, personas.brand_a)
    decision = standing_decide(
        actor=actor(personas.investigator),
        program=personas.program,
        facilities=[personas.facility_x],
        target=Standing.SUSPENDED,
        grounds=Grounds.ZERO_TOLERANCE,
        reason="Forced labour confirmed.",
    )
    standing_notices_send.call(decision=decision.public_id)
    headers = _bearer(personas.brand_a)
    listed = Client().get("/api/v1/standing/notices", headers=headers).json()
    assert [n["kind"] for n in listed] == ["suspension"]
    notice = listed[0]["notice"]
    other = Client().post(f"/api/v1/standing/notices/{notice}/acknowledge", headers=_bearer(personas.brand_b))
    assert other.status_code == 404
    done = Client().post(f"/api/v1/standing/notices/{notice}/acknowledge", headers=headers)
    assert done.status_code == 200 and done.json()["delivery"] == "acknowledged"
    assert Notice.objects.get(public_id=notice).acknowledged_by == personas.brand_a
    assert Event.objects.filter(verb="enforcement_notice_acknowledged").count() == 1
