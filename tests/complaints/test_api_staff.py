"""Staff complaints API: the queue and a case summary, scoped, without identity or narrative."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.complaints.staff_helpers import NARRATIVE_CANARY, actor, file_case
from tests.conftest import login
from wsr.complaints import services

pytestmark = pytest.mark.django_db


def test_queue_is_sorted_and_scoped(personas):
    slow = file_case(personas).complaint
    urgent = file_case(personas, category="retaliation").complaint
    gbvh = file_case(personas, category="sexual_harassment").complaint
    body = (
        login(Client(), personas.investigator).get(f"/api/v1/complaints/queue?program={personas.program.slug}").json()
    )
    ids = [row["public_id"] for row in body]
    assert ids == [urgent.public_id, slow.public_id]
    assert gbvh.public_id not in ids
    row = body[0]
    assert row["priority"] and row["urgency"] == "ok" and {c["name"] for c in row["clocks"]} >= {"acknowledge"}
    assert NARRATIVE_CANARY not in str(body)


def test_case_summary(personas):
    c = file_case(personas, description=NARRATIVE_CANARY, name="Ana").complaint
    services.complaint_assign(actor=actor(personas.council_admin), complaint=c, investigators=[personas.investigator])
    response = login(Client(), personas.investigator).get(f"/api/v1/complaints/cases/{c.public_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "received" and body["assigned"] == ["investigator"]
    assert body["facility"] == personas.facility_x.public_id
    assert NARRATIVE_CANARY not in response.content.decode() and "Ana" not in response.content.decode()
    assert login(Client(), personas.brand_a).get(f"/api/v1/complaints/cases/{c.public_id}").status_code == 403
    assert login(Client(), personas.investigator).get("/api/v1/complaints/cases/cmp_nope").status_code == 404
