"""Sign in, sign out, throttling and the demo notice."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import events_for, is_logged_in
from tests.factories import TEST_PASSWORD
from wsr.core.models import ThrottleBucket

LOGIN = "/accounts/login/"
WRONG = "The username or password is not correct."


def _errors(html: str) -> str:
    start = html.index('<div class="errors"')
    return html[start : html.index("</div>", start)]


def test_login_page_renders_an_accessible_form(db):
    response = Client().get(reverse("accounts:login"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("accounts:password_reset") in html


def test_brand_user_logs_in_and_lands_on_home_without_two_factor(personas):
    client = Client()

    response = client.post(LOGIN, {"username": "brand-a", "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert is_logged_in(client)
    event = events_for(personas.brand_a, "login").get()
    assert event.actor_user == personas.brand_a
    assert event.data == {"second_factor": "not_required"}
    assert TEST_PASSWORD not in str(event.data) + event.reason
    assert client.get(reverse("home")).status_code == 200


def test_login_follows_a_safe_next_and_ignores_an_offsite_one(personas):
    client = Client()

    inside = client.post(LOGIN, {"username": "brand-a", "password": TEST_PASSWORD, "next": "/programs/"})
    client.post(reverse("accounts:logout"))
    offsite = client.post(LOGIN, {"username": "brand-a", "password": TEST_PASSWORD, "next": "https://evil.example/"})

    assert inside["Location"] == "/programs/"
    assert offsite["Location"] == reverse("home")


def test_wrong_password_and_unknown_user_get_the_same_message(personas):
    client = Client()

    wrong = client.post(LOGIN, {"username": "brand-a", "password": "not the password"})
    unknown = client.post(LOGIN, {"username": "nobody-here", "password": "not the password"})

    assert wrong.status_code == unknown.status_code == 200
    assert WRONG in wrong.content.decode()
    assert WRONG in unknown.content.decode()
    assert _errors(wrong.content.decode()) == _errors(unknown.content.decode())
    assert not is_logged_in(client)
    assert not events_for(personas.brand_a, "login").exists()


def test_inactive_user_gets_the_same_message(personas):
    personas.brand_a.is_active = False
    personas.brand_a.save()

    response = Client().post(LOGIN, {"username": "brand-a", "password": TEST_PASSWORD})

    assert response.status_code == 200
    assert WRONG in response.content.decode()


def test_login_is_throttled_after_the_burst_per_client(personas, settings):
    settings.WSR_LOGIN_ADDRESS_BURST = 3
    client = Client()
    for name in ("brand-a", "nobody", "brand-b"):
        assert client.post(LOGIN, {"username": name, "password": "guess"}).status_code == 200

    response = client.post(LOGIN, {"username": "brand-a", "password": TEST_PASSWORD})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many attempts. Please wait" in response.content.decode()
    assert not is_logged_in(client)
    assert not events_for(personas.brand_a, "login").exists()
    keys = set(ThrottleBucket.objects.values_list("key", flat=True))
    assert any(k.startswith("login:ip:") for k in keys)
    assert not any("brand-a" in k or "127.0.0.1" in k for k in keys)


def test_login_is_throttled_per_username_across_addresses(personas, settings):
    settings.WSR_LOGIN_BURST = 5
    client = Client()
    for n in range(5):
        response = client.post(LOGIN, {"username": " Brand-A ", "password": "guess"}, REMOTE_ADDR=f"10.0.0.{n}")
        assert response.status_code == 200

    response = client.post(LOGIN, {"username": "brand-a", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.99")

    assert response.status_code == 429
    assert not is_logged_in(client)


def test_unknown_usernames_are_throttled_like_real_ones(db, settings):
    settings.WSR_LOGIN_BURST = 5
    client = Client()
    statuses = [client.post(LOGIN, {"username": "ghost", "password": "x"}).status_code for _ in range(6)]

    assert statuses == [200, 200, 200, 200, 200, 429]


def test_successful_login_refills_the_username_bucket(personas, settings):
    settings.WSR_LOGIN_BURST = 3
    for n in range(2):
        Client().post(LOGIN, {"username": "brand-a", "password": "typo"}, REMOTE_ADDR=f"10.0.1.{n}")
    ok = Client().post(LOGIN, {"username": "brand-a", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.1.50")

    later = [
        Client().post(LOGIN, {"username": "brand-a", "password": "typo"}, REMOTE_ADDR=f"10.0.2.{n}").status_code
        for n in range(3)
    ]

    assert ok.status_code == 302
    assert later == [200, 200, 200]


def test_logout_is_post_only(personas):
    client = Client()
    client.post(LOGIN, {"username": "brand-a", "password": TEST_PASSWORD})

    refused = client.get(reverse("accounts:logout"))
    still_in = is_logged_in(client)
    done = client.post(reverse("accounts:logout"))

    assert refused.status_code == 405
    assert still_in
    assert done.status_code == 302
    assert not is_logged_in(client)


@pytest.mark.parametrize("require", [True, False])
def test_login_page_shows_the_demo_notice_only_when_two_factor_is_relaxed(db, settings, require):
    settings.WSR_REQUIRE_2FA = require

    html = Client().get(LOGIN).content.decode()

    assert ("two-factor sign-in is relaxed" in html) is (not require)
