"""/api/v1/public/facilities: search and facts, documented in OpenAPI with examples."""

from __future__ import annotations

import pytest

from tests.disclosure.conftest import BENGALI_Y

pytestmark = pytest.mark.django_db


def test_search_by_bengali_name_and_standing(world, client):
    body = client.get("/api/v1/public/facilities", {"q": "ওয়াই খামার"}).json()

    [row] = body["results"]
    assert (row["id"], row["name_local"]) == (world.facility_y.public_id, BENGALI_Y)
    assert row["standings"][0]["standing"] == "suspended"
    assert body["next_after"] == "" and body["fuzzy"] is False


def test_facility_detail_links_each_change_to_its_log_entry(world, client):
    body = client.get(f"/api/v1/public/facilities/{world.facility_y.public_id}").json()

    [program] = body["programs"]
    latest = program["history"][0]
    assert latest["standing"] == "Suspended" and isinstance(latest["log_entry"], int)
    assert program["audits"][0]["kind"] == "Initial"


def test_unknown_facility_is_a_json_404(world, client):
    response = client.get("/api/v1/public/facilities/fac_nope")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_openapi_documents_the_endpoints_with_examples(client, personas):
    spec = client.get("/api/v1/openapi.json").json()

    assert "/api/v1/public/facilities" in spec["paths"]
    assert "/api/v1/public/facilities/{facility}" in spec["paths"]
    facility = spec["components"]["schemas"]["FacilityOut"]["properties"]
    assert facility["name_local"]["examples"] == ["গাজীপুর ডেনিম মিলস"]
