"""Staff sessions end after WSR_STAFF_IDLE_TIMEOUT without a request; brand sessions do not."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client

from tests.accounts.helpers import is_logged_in
from tests.conftest import login

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


def test_staff_session_ends_after_the_idle_timeout(personas, settings):
    settings.WSR_STAFF_IDLE_TIMEOUT = 30 * 60
    with time_machine.travel(START, tick=False):
        client = login(Client(), personas.council_admin)
        first = client.get("/home/")
    with time_machine.travel(START + dt.timedelta(minutes=29), tick=False):
        still_active = client.get("/home/")
    with time_machine.travel(START + dt.timedelta(minutes=29 + 31), tick=False):
        after_idle = client.get("/home/")
        logged_in_after = is_logged_in(client)

    assert first.status_code == 200
    assert still_active.status_code == 200
    assert after_idle.status_code == 302
    assert after_idle["Location"].startswith(settings.LOGIN_URL_PATH)
    assert "next=/home/" in after_idle["Location"]
    assert not logged_in_after


def test_brand_session_survives_the_idle_timeout(personas, settings):
    settings.WSR_STAFF_IDLE_TIMEOUT = 30 * 60
    with time_machine.travel(START, tick=False):
        client = login(Client(), personas.brand_a)
        first = client.get("/home/")
    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        later = client.get("/home/")
        logged_in_after = is_logged_in(client)

    assert first.status_code == 200
    assert later.status_code == 200
    assert logged_in_after
