"""The agreements API: scoped lists, terms only for those allowed, no premium calculator."""

from __future__ import annotations

import pytest

from tests.agreements.conftest import make_ready
from tests.conftest import login
from wsr.agreements.models import Agreement
from wsr.agreements.services import agreement_sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_agreements(personas, admin_actor):
    mine = make_ready(personas, title="A deal")
    agreement_sign(actor=admin_actor, agreement=mine)
    theirs = make_ready(personas, title="B deal")
    Agreement.objects.filter(pk=theirs.pk).update(brand=personas.brand_b.organisation)
    return mine, theirs


def test_staff_see_every_agreement_with_terms(client, personas, two_agreements):
    login(client, personas.investigator)
    data = client.get("/api/v1/agreements?program=fair-harvest").json()
    assert {a["title"] for a in data} == {"A deal", "B deal"}
    assert all(a["terms"]["premium"][0]["amount_minor_per_unit"] == 1 for a in data)
    assert all("signatory_name" not in str(a) for a in data)


def test_a_brand_lists_only_its_own_agreements_and_obligations(client, personas, two_agreements):
    mine, theirs = two_agreements
    login(client, personas.brand_a)
    data = client.get("/api/v1/agreements?program=fair-harvest").json()
    assert [a["public_id"] for a in data] == [mine.public_id]
    assert data[0]["terms"]["premium"][0]["unit"] == "lb"
    assert data[0]["status"] == "active"
    assert client.get(f"/api/v1/agreements/{theirs.public_id}").status_code == 404
    obligations = client.get("/api/v1/agreements/obligations?program=fair-harvest").json()
    assert [o["agreement"] for o in obligations] == [mine.public_id]
    assert obligations[0]["in_force"] is True
    assert obligations[0]["terms"]["source_only_good_standing"] is True


def test_the_openapi_document_lists_the_agreement_endpoints_and_no_calculator(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/agreements", "/api/v1/agreements/obligations", "/api/v1/agreements/{public_id}"} <= set(paths)
    assert not [p for p in paths if "premium" in p or "calculat" in p]
