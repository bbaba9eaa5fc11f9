"""One rule for "in force" and "superseded": staff pages agree with the public page while a
successor waits for its in-force date."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.conftest import login
from wsr.accounts.selectors import actor_for_user
from wsr.standards.services import code_version_adopt

pytestmark = pytest.mark.django_db


def _noon(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC), tick=False)


def test_staff_pages_call_a_version_superseded_only_once_its_successor_is_in_force(personas, client, code_builder):
    program = personas.program
    with _noon(dt.date(2025, 1, 10)):
        v1 = code_builder("adopted")
        v2 = code_builder("approved", based_on=v1)
        code_version_adopt(actor=actor_for_user(personas.council_admin), version=v2, effective_from=dt.date(2025, 3, 1))
        staff = login(client, personas.council_admin)

        listing = staff.get(f"/standards/{program.slug}/").content.decode()
        v1_page = staff.get(f"/standards/{program.slug}/v/{v1.public_id}/").content.decode()
        public = client.get(f"/p/{program.slug}/code/").content.decode()

    assert "Superseded" not in listing
    assert "In force" in v1_page and "Superseded" not in v1_page
    assert "Adopted, in force from March 1, 2025" in listing
    assert f"Version {v1.number}, in force since" in public

    with _noon(dt.date(2025, 3, 1)):
        staff = login(client, personas.council_admin)  # a new session: the old one timed out
        listing = staff.get(f"/standards/{program.slug}/").content.decode()
        v1_page = staff.get(f"/standards/{program.slug}/v/{v1.public_id}/").content.decode()
    assert "Superseded" in v1_page
    assert "Superseded" in listing and "In force" in listing
