"""Sign-in throttling counts failed attempts only: per account (a small burst) and per address
(a larger one, for a shared office or a training room), never successful sign-ins."""

from __future__ import annotations

from django.test import Client

from tests.accounts.helpers import events_for, is_logged_in
from tests.factories import TEST_PASSWORD, OrganisationFactory, UserFactory
from wsr.accounts.roles import OrgKind

LOGIN = "/accounts/login/"
ROOM = "10.20.30.40"


def _sign_in(username: str, password: str, address: str = ROOM) -> tuple[int, Client]:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code, client


def test_a_training_room_signs_everyone_in(db, settings):
    # Given the shipped limits and 30 worker-organisation staff behind one address
    org = OrganisationFactory(kind=OrgKind.BRAND)
    users = [UserFactory(username=f"trainee-{n}", organisation=org) for n in range(30)]
    # When each signs in, one after another, and the first one signs in 20 more times
    results = [_sign_in(u.username, TEST_PASSWORD) for u in users]
    again = [_sign_in(users[0].username, TEST_PASSWORD) for _ in range(20)]
    # Then every sign-in succeeds and is recorded
    assert [status for status, _ in results + again] == [302] * 50
    assert all(is_logged_in(client) for _, client in results + again)
    assert all(events_for(u, "login").count() == (21 if u == users[0] else 1) for u in users)


def test_the_sixth_failure_for_an_account_is_throttled_from_any_address(personas, settings):
    settings.WSR_LOGIN_BURST = 5
    statuses = [_sign_in("brand-a", "guess", address=f"10.0.0.{n}")[0] for n in range(6)]
    # Even the right password waits until the account's bucket refills
    right, client = _sign_in("brand-a", TEST_PASSWORD, address="10.9.9.9")

    assert statuses == [200, 200, 200, 200, 200, 429]
    assert right == 429
    assert not is_logged_in(client)
    assert not events_for(personas.brand_a, "login").exists()
    # Another account is not affected
    assert _sign_in("brand-b", TEST_PASSWORD, address="10.0.0.1")[0] == 302


def test_failures_across_accounts_throttle_the_address_at_a_higher_burst(personas, settings):
    settings.WSR_LOGIN_BURST = 5
    settings.WSR_LOGIN_ADDRESS_BURST = 12
    # Given one address trying many accounts, each well under the account burst
    statuses = [_sign_in(f"someone-{n}", "guess")[0] for n in range(12)]
    # When it tries once more, even with a right password, it waits
    blocked, client = _sign_in("brand-a", TEST_PASSWORD)

    assert statuses == [200] * 12
    assert blocked == 429
    assert not is_logged_in(client)
    assert not events_for(personas.brand_a, "login").exists()
    # Other addresses are not affected
    assert _sign_in("brand-a", TEST_PASSWORD, address="10.1.1.1")[0] == 302


def test_a_success_does_not_refill_the_address_for_more_guesses(personas, settings):
    # An attacker holding one valid account cannot sign in between guesses to keep guessing.
    settings.WSR_LOGIN_ADDRESS_BURST = 4
    guesses = [_sign_in(f"victim-{n}", "guess")[0] for n in range(3)]
    own = _sign_in("brand-b", TEST_PASSWORD)[0]
    more = [_sign_in(f"victim-{n}", "guess")[0] for n in range(3, 5)]

    assert guesses == [200, 200, 200]
    assert own == 302
    assert more == [200, 429]


def test_the_api_token_endpoint_counts_only_failures_too(personas):
    client = Client()
    statuses = [
        client.post(
            "/api/v1/auth/token",
            {"username": "brand-a", "password": TEST_PASSWORD},
            content_type="application/json",
            REMOTE_ADDR=ROOM,
        ).status_code
        for _ in range(25)
    ]
    assert statuses == [200] * 25
    assert events_for(personas.brand_a, "api_token_issued").count() == 25
