"""The on-call roster: only the program admin keeps it; only monitoring-body admins and
investigators can be on it; each change is an event; someone off duty gets no alert."""

from __future__ import annotations

import pytest

from tests.alerts.conftest import report_danger
from tests.conftest import login
from wsr.accounts.selectors import actor_for_user
from wsr.alerts.models import OnCall
from wsr.alerts.services.roster import on_call_add
from wsr.core.errors import CapabilityMissing, DomainError
from wsr.core.models import Event, OutboxMessage

pytestmark = pytest.mark.django_db


def test_the_admin_puts_an_investigator_on_call_and_off_duty_on_the_page(personas, client):
    login(client, personas.council_admin)
    url = f"/alerts/{personas.program.slug}/on-call/"

    response = client.post(url, {"user": str(personas.investigator.pk), "phone": "+1 555 010 4242"})

    assert response.status_code == 302
    row = OnCall.objects.get(program=personas.program, user=personas.investigator)
    assert (row.active, row.phone) == (True, "+1 555 010 4242")
    assert Event.objects.get(verb="on_call_added").after == "active"

    response = client.post(f"{url}{row.public_id}/", {"phone": "+1 555 010 4242"})  # "on call" unticked

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.active is False
    changed = Event.objects.get(verb="on_call_changed")
    assert (changed.before, changed.after) == ("active", "inactive")
    report_danger(personas)
    # nobody on duty: the alert goes to every admin and investigator by e-mail, no SMS
    assert not OutboxMessage.objects.filter(kind="danger_alert", channel="sms").exists()


@pytest.mark.parametrize("who", ["brand_a", "worker_org_staff", "auditor"])
def test_only_monitoring_staff_can_be_on_call(personas, who):
    with pytest.raises(DomainError) as refused:
        on_call_add(actor=actor_for_user(personas.council_admin), program=personas.program, user=getattr(personas, who))
    assert refused.value.code == "not_staff"
    assert not OnCall.objects.exists()


def test_an_investigator_cannot_keep_the_roster(personas):
    with pytest.raises(CapabilityMissing):
        on_call_add(actor=actor_for_user(personas.investigator), program=personas.program, user=personas.investigator)


def test_a_phone_with_letters_is_refused(personas):
    with pytest.raises(DomainError) as refused:
        on_call_add(
            actor=actor_for_user(personas.council_admin),
            program=personas.program,
            user=personas.investigator,
            phone="call me",
        )
    assert refused.value.code == "bad_phone"
