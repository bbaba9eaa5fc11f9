from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_session_that_owes_its_second_factor_cannot_use_the_api(personas, client, settings):
    settings.WSR_REQUIRE_2FA = True
    client.force_login(personas.council_admin)  # password step done, no second factor yet
    assert client.get("/api/v1/registry/facilities").status_code == 401
    assert client.get("/api/v1/auth/me").status_code == 401


def test_a_brand_session_without_two_factor_uses_the_api(personas, client, settings):
    settings.WSR_REQUIRE_2FA = True
    client.force_login(personas.brand_a)
    response = client.get("/api/v1/registry/facilities")
    assert response.status_code == 200
    assert [f["name"] for f in response.json()["items"]] == ["Supplier X Farm One"]
