"""/api/v1/auth: issue, use and revoke bearer tokens."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.helpers import code_for, events_for
from tests.conftest import login
from tests.factories import TEST_PASSWORD
from wsr.accounts.models import ApiToken

TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"


def _obtain(client: Client, **body: Any) -> Any:
    return client.post(TOKEN, body, content_type="application/json")


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_brand_user_gets_a_token_and_uses_it_on_me(personas):
    client = Client()

    issued = _obtain(client, username="brand-a", password=TEST_PASSWORD)
    token = issued.json()["token"]
    me = client.get(ME, headers=_bearer(token))

    assert issued.status_code == 200
    assert token.startswith("wsr_")
    assert me.status_code == 200
    org = personas.brand_a.organisation
    assert me.json() == {
        "username": "brand-a",
        "organisation": {"public_id": org.public_id, "name": "Brand A Foods", "kind": "brand"},
        "memberships": [{"program": "fair-harvest", "role": "brand_user"}],
    }
    row = ApiToken.objects.get(user=personas.brand_a)
    assert row.last_used_at is not None
    assert events_for(personas.brand_a, "api_token_issued").count() == 1


def test_the_token_is_stored_only_as_a_digest(personas):
    token = _obtain(Client(), username="brand-a", password=TEST_PASSWORD).json()["token"]

    row = ApiToken.objects.get(user=personas.brand_a)
    stored = " ".join(str(v) for v in model_to_dict(row).values())
    event = events_for(personas.brand_a, "api_token_issued").get()

    assert token not in stored
    assert token[len("wsr_") :] not in stored
    assert len(row.digest) == 64
    assert token not in str(event.data) + event.reason + event.after


def test_wrong_password_and_unknown_user_get_the_same_401(personas):
    client = Client()

    wrong = _obtain(client, username="brand-a", password="nope")
    unknown = _obtain(client, username="no-such-user", password="nope")

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert "detail" in wrong.json()
    assert not ApiToken.objects.exists()
    assert not events_for(personas.brand_a, "api_token_issued").exists()


def test_two_factor_user_needs_a_code(personas):
    device = TOTPDevice.objects.create(user=personas.council_admin, name="phone", confirmed=True)
    client = Client()

    without = _obtain(client, username="council-admin", password=TEST_PASSWORD)
    bad = _obtain(client, username="council-admin", password=TEST_PASSWORD, otp="000000x")
    good = _obtain(client, username="council-admin", password=TEST_PASSWORD, otp=code_for(device))

    assert without.status_code == 401
    assert "two-factor code required" in without.json()["detail"]
    assert bad.status_code == 401
    assert good.status_code == 200
    assert good.json()["token"].startswith("wsr_")
    assert ApiToken.objects.filter(user=personas.council_admin).count() == 1
    assert events_for(personas.council_admin, "api_token_issued").count() == 1


def test_two_factor_user_without_a_device_cannot_get_a_token(personas):
    response = _obtain(Client(), username="council-admin", password=TEST_PASSWORD, otp="123456")

    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_two_factor_relaxed_issues_without_a_code(personas, settings):
    settings.WSR_REQUIRE_2FA = False

    response = _obtain(Client(), username="council-admin", password=TEST_PASSWORD)

    assert response.status_code == 200


def test_token_requests_share_the_login_throttle(personas, settings):
    settings.WSR_LOGIN_BURST = 3
    settings.WSR_LOGIN_ADDRESS_BURST = 3
    client = Client()
    for _ in range(3):
        assert _obtain(client, username="brand-a", password="nope").status_code == 401

    response = _obtain(client, username="brand-a", password=TEST_PASSWORD)
    page = client.post("/accounts/login/", {"username": "brand-b", "password": TEST_PASSWORD})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert page.status_code == 429
    assert not ApiToken.objects.exists()


def test_revoked_token_no_longer_works(personas):
    client = Client()
    token = _obtain(client, username="brand-a", password=TEST_PASSWORD).json()["token"]

    revoked = client.delete(TOKEN, headers=_bearer(token))
    me = client.get(ME, headers=_bearer(token))
    again = client.delete(TOKEN, headers=_bearer(token))

    assert revoked.status_code == 204
    assert me.status_code == 401
    assert again.status_code == 401
    assert ApiToken.objects.get(user=personas.brand_a).revoked_at is not None
    assert events_for(personas.brand_a, "api_token_revoked").count() == 1


def test_me_refuses_a_missing_or_made_up_token(db):
    client = Client()

    assert client.get(ME).status_code == 401
    assert client.get(ME, headers=_bearer("wsr_madeup")).status_code == 401


def test_me_works_with_a_verified_session(personas):
    client = login(Client(), personas.investigator)

    response = client.get(ME)

    assert response.status_code == 200
    assert response.json()["memberships"] == [{"program": "fair-harvest", "role": "investigator"}]
    assert response.json()["organisation"]["kind"] == "monitoring_body"


def test_openapi_documents_the_auth_endpoints(db):
    schema = Client().get("/api/v1/openapi.json").json()

    assert {"post", "delete"} <= set(schema["paths"]["/api/v1/auth/token"])
    assert "get" in schema["paths"]["/api/v1/auth/me"]
