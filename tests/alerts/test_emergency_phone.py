"""The program admin sets the emergency number on the rules page: checked, kept in the history,
shown with the rules."""

from __future__ import annotations

import pytest

from tests.conftest import login
from wsr.core.models import Event
from wsr.programs.models import RULE_FIELDS

pytestmark = pytest.mark.django_db


def _form(program, **changes):
    data = {name: getattr(program, name) for name in RULE_FIELDS}
    return {**data, "reason": "Emergency line opened", **changes}


def test_the_admin_sets_the_emergency_number_and_it_is_shown_with_the_rules(personas, client):
    program = personas.program
    login(client, personas.council_admin)

    response = client.post(f"/programs/{program.slug}/rules/", _form(program, emergency_phone=" +1 239 555 0199 "))

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.emergency_phone == "+1 239 555 0199"
    event = Event.objects.filter(verb="program_rules_changed").latest("occurred_at")
    assert "emergency_phone" in str(event.data)
    page = client.get(f"/programs/{program.slug}/").content.decode()
    assert "workers call +1 239 555 0199" in page


def test_a_number_with_letters_is_refused(personas, client):
    program = personas.program
    login(client, personas.council_admin)
    response = client.post(f"/programs/{program.slug}/rules/", _form(program, emergency_phone="call Bob"))
    assert "Write the phone number with digits only" in response.content.decode()  # the form again
    program.refresh_from_db()
    assert program.emergency_phone == ""
