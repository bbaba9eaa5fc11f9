from __future__ import annotations

import pytest

from tests.conftest import login
from wsr.core.models import Event

pytestmark = pytest.mark.django_db


def test_public_program_list_and_detail(personas, client):
    listing = client.get("/api/v1/programs").json()
    assert {p["slug"] for p in listing} == {"fair-harvest", "garment-safety"}
    detail = client.get("/api/v1/programs/fair-harvest").json()
    assert detail["rules"]["suspension_minimum_days"] == 90
    assert client.get("/api/v1/programs/nope").status_code == 404


def test_rules_patch_requires_the_capability(personas, client):
    login(client, personas.brand_a)
    denied = client.patch(
        "/api/v1/programs/fair-harvest/rules",
        {"changes": {"sla_resolve_days": 3}, "reason": "x"},
        content_type="application/json",
    )
    assert denied.status_code == 403
    assert denied.json()["code"] == "forbidden"
    assert not Event.objects.filter(verb="program_rules_changed").exists()


def test_openapi_is_served(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/programs" in spec["paths"]
    assert "/api/v1/registry/facilities" in spec["paths"]
