"""TOTP two-factor: required for monitoring-body users, voluntary for others, relaxed in demos."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.helpers import code_for, events_for, is_logged_in
from tests.factories import TEST_PASSWORD, UserFactory
from wsr.core.models import Event

LOGIN = "/accounts/login/"
TWO_FACTOR = "/accounts/two-factor/"
ENROL = "/accounts/two-factor/enrol/"


def _password_login(client: Client, username: str, **extra: str) -> str:
    response = client.post(LOGIN, {"username": username, "password": TEST_PASSWORD, **extra})
    assert response.status_code == 302
    return str(response["Location"])


def test_council_admin_with_password_only_is_sent_to_enrol_for_any_staff_page(personas):
    client = Client()

    after_login = _password_login(client, "council-admin")
    home = client.get("/home/")
    two_factor = client.get(TWO_FACTOR)
    programs = client.get("/programs/")

    assert after_login == TWO_FACTOR
    assert is_logged_in(client)
    assert home.status_code == 302
    assert home["Location"] == reverse("accounts:two_factor")
    assert two_factor.status_code == 302
    assert two_factor["Location"] == ENROL
    assert programs.status_code == 302
    assert events_for(personas.council_admin, "login").get().data == {"second_factor": "pending"}


def test_enrolling_with_a_real_code_verifies_the_session(personas):
    client = Client()
    _password_login(client, "council-admin", next="/programs/")
    page = client.get(f"{ENROL}?next=/programs/")
    device = TOTPDevice.objects.get(user=personas.council_admin)

    response = client.post(ENROL, {"code": code_for(device), "next": "/programs/"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'role="img"' in html
    assert "<img" not in html and "http://" not in html.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html)
    assert secret is not None and len(secret.group(1).replace(" ", "")) == 32
    assert response.status_code == 302
    assert response["Location"] == "/programs/"
    device.refresh_from_db()
    assert device.confirmed
    assert events_for(personas.council_admin, "two_factor_enrolled").count() == 1
    assert client.get("/home/").status_code == 200


def test_enrolment_page_keeps_one_pending_device_across_reloads(personas):
    client = Client()
    _password_login(client, "council-admin")

    first = client.get(ENROL)
    second = client.get(ENROL)

    assert first.status_code == second.status_code == 200
    assert TOTPDevice.objects.filter(user=personas.council_admin, confirmed=False).count() == 1


def test_a_wrong_enrolment_code_confirms_nothing(personas):
    client = Client()
    _password_login(client, "council-admin")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=personas.council_admin)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post(ENROL, {"code": wrong})

    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not events_for(personas.council_admin, "two_factor_enrolled").exists()
    assert client.get("/home/").status_code == 302


def test_enrolled_user_is_asked_for_the_code_after_the_password(personas):
    device = TOTPDevice.objects.create(user=personas.council_admin, name="phone", confirmed=True)
    client = Client()

    after_login = _password_login(client, "council-admin")
    blocked = client.get("/home/")
    verified = client.post(TWO_FACTOR, {"code": code_for(device)})

    assert after_login == TWO_FACTOR
    assert blocked.status_code == 302
    assert verified.status_code == 302
    assert verified["Location"] == reverse("home")
    assert events_for(personas.council_admin, "two_factor_verified").count() == 1
    assert client.get("/home/").status_code == 200


def test_a_session_without_the_second_factor_cannot_enrol_a_new_device(personas):
    TOTPDevice.objects.create(user=personas.council_admin, name="phone", confirmed=True)
    client = Client()
    _password_login(client, "council-admin")

    response = client.get(ENROL)

    assert response.status_code == 302
    assert response["Location"] == TWO_FACTOR
    assert TOTPDevice.objects.filter(user=personas.council_admin).count() == 1


def test_code_attempts_are_throttled_per_user(personas, settings):
    settings.WSR_LOGIN_BURST = 3
    device = TOTPDevice.objects.create(user=personas.council_admin, name="phone", confirmed=True)
    client = Client()
    _password_login(client, "council-admin")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    statuses = [client.post(TWO_FACTOR, {"code": wrong}).status_code for _ in range(3)]

    response = client.post(TWO_FACTOR, {"code": code_for(device)})

    assert statuses == [200, 200, 200]
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not events_for(personas.council_admin, "two_factor_verified").exists()
    assert client.get("/home/").status_code == 302


def test_brand_user_is_not_asked_for_two_factor(personas):
    client = Client()

    after_login = _password_login(client, "brand-a")
    home = client.get("/home/")

    assert after_login == reverse("home")
    assert home.status_code == 200
    assert not TOTPDevice.objects.filter(user=personas.brand_a).exists()


def test_brand_user_may_enrol_voluntarily_and_is_then_asked_at_sign_in(personas):
    client = Client()
    _password_login(client, "brand-a")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=personas.brand_a)
    client.post(ENROL, {"code": code_for(device)})
    client.post(reverse("accounts:logout"))

    after_login = _password_login(Client(), "brand-a")

    device.refresh_from_db()
    assert device.confirmed
    assert events_for(personas.brand_a, "two_factor_enrolled").count() == 1
    assert after_login == TWO_FACTOR


def test_superuser_requires_two_factor(db):
    UserFactory(username="root", is_superuser=True, is_staff=True, organisation=None)
    client = Client()

    after_login = _password_login(client, "root")

    assert after_login == TWO_FACTOR
    assert client.get("/home/").status_code == 302


def test_with_two_factor_relaxed_nobody_is_forced(personas, settings):
    settings.WSR_REQUIRE_2FA = False
    client = Client()

    page = client.get(LOGIN)
    after_login = _password_login(client, "council-admin")
    home = client.get("/home/")

    assert "two-factor sign-in is relaxed" in page.content.decode()
    assert after_login == reverse("home")
    assert home.status_code == 200
    assert not TOTPDevice.objects.filter(user=personas.council_admin).exists()
    assert Event.objects.filter(verb="login", actor_user=personas.council_admin).count() == 1
