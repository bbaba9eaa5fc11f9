"""The education API: scoped sessions and coverage, the below-norm list, public materials."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.education.conftest import record
from wsr.accounts.selectors import actor_for_user
from wsr.education.services import material_create, material_version_publish

pytestmark = pytest.mark.django_db


def test_sessions_come_with_educators_for_staff_and_without_for_a_supplier(client, personas, seasons):
    record(personas)
    record(personas, facility=personas.facility_y)
    login(client, personas.worker_org_staff)
    rows = client.get("/api/v1/education/sessions?program=fair-harvest&season=2025-26").json()
    assert len(rows) == 2 and rows[0]["educators"] == ["worker-org"]
    login(client, personas.supplier_x)
    rows = client.get("/api/v1/education/sessions?program=fair-harvest").json()
    assert [r["facility"] for r in rows] == [personas.facility_x.public_id]
    assert rows[0]["educators"] is None


def test_coverage_and_below_norm(client, personas, seasons):
    record(personas, attendees=100, new_workers=100)
    record(personas, held_on=seasons["current"].starts_on, attendees=50, new_workers=25)
    login(client, personas.investigator)
    coverage = {r["facility"]: r for r in client.get("/api/v1/education/coverage?program=fair-harvest").json()}
    x = coverage[personas.facility_x.public_id]
    assert (x["season"], x["workers_reached"], x["coverage_percent"], x["norm_met"]) == ("2025-26", 125, 50, True)
    below = client.get("/api/v1/education/below-norm?program=fair-harvest").json()
    assert [(r["facility"], r["gap"]) for r in below] == [(personas.facility_y.public_id, 2)]
    assert client.get("/api/v1/education/below-norm?program=fair-harvest&sort=random").status_code == 400
    assert client.get("/api/v1/education/coverage?program=fair-harvest&season=1999").status_code == 404


def test_published_materials_are_public_drafts_are_not(client, personas):
    actor = actor_for_user(personas.worker_org_staff)
    published = material_create(
        actor=actor, program=personas.program, name="Rights", category="", language="ht", title="Dwa ou", body="Tèks"
    )
    material_version_publish(actor=actor, version=published)
    material_create(
        actor=actor, program=personas.program, name="Draft", category="", language="en", title="D", body="x"
    )
    rows = client.get("/api/v1/education/materials?program=fair-harvest").json()
    assert [(r["public_id"], r["language"], r["title"], r["file_url"]) for r in rows] == [
        (published.public_id, "ht", "Dwa ou", None)
    ]
    assert client.get("/api/v1/education/materials?program=fair-harvest&lang=en").json() == []
    assert client.get("/api/v1/education/materials?program=fair-harvest&lang=fr").status_code == 400
    assert client.get("/api/v1/education/materials?program=nope").status_code == 404


def test_the_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("sessions", "coverage", "below-norm", "materials"):
        assert f"/api/v1/education/{path}" in paths
