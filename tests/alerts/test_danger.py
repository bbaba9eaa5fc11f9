"""Imminent danger: the alert, its e-mails and SMS to exactly the on-call staff (in the intake's
transaction), re-alerts until acknowledged, and who may acknowledge."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.alerts.conftest import ON_CALL_PHONE, report_danger
from tests.conftest import login
from wsr.accounts.selectors import actor_for_user
from wsr.alerts.events import AlertEvent
from wsr.alerts.models import DangerAlert
from wsr.alerts.services import danger as danger_services
from wsr.alerts.services.danger import danger_alert_acknowledge, danger_realert_sweep
from wsr.complaints.models import Complaint
from wsr.core.errors import DomainError
from wsr.core.models import Event, OutboxMessage

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _messages(alert: DangerAlert) -> list[tuple[str, str]]:
    return sorted(
        OutboxMessage.objects.filter(
            kind="danger_alert", dedupe_key__startswith=f"danger:{alert.public_id}:"
        ).values_list("channel", "recipient")
    )


def test_a_worker_in_danger_alerts_exactly_the_on_call_staff_by_email_and_sms(personas, on_call):
    receipt = report_danger(personas)

    alert = DangerAlert.objects.get()
    assert (alert.complaint, alert.facility, alert.status) == (receipt.complaint, personas.facility_x, "open")
    assert (alert.category, alert.hazard, alert.rounds) == ("health_safety", "fire", 1)
    assert receipt.complaint.hazard == "fire" and receipt.complaint.imminent_danger
    # the investigator is on call (e-mail + SMS); the council admin is on the roster but off duty
    assert _messages(alert) == [("email", personas.investigator.email), ("sms", ON_CALL_PHONE)]
    event = Event.objects.get(verb=AlertEvent.DANGER_ALERT_RAISED)
    assert event.object_public_id == alert.public_id and event.after == "open"
    assert event.data["complaint"] == receipt.complaint.public_id and event.data["messages"] == 2


def test_the_alert_is_written_in_the_intakes_transaction(personas, on_call, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(danger_services, "outbox_enqueue", broken)
    with pytest.raises(RuntimeError):
        report_danger(personas)
    assert not Complaint.objects.exists()
    assert not DangerAlert.objects.exists()
    assert not Event.objects.filter(verb="complaint_received").exists()


def test_no_danger_no_alert(personas, on_call):
    report_danger(personas, imminent_danger=False)
    assert Complaint.objects.count() == 1
    assert not DangerAlert.objects.exists()
    assert not OutboxMessage.objects.filter(kind="danger_alert").exists()


def test_an_empty_roster_alerts_every_admin_and_investigator_by_email(personas):
    report_danger(personas)
    alert = DangerAlert.objects.get()
    assert _messages(alert) == sorted([("email", personas.council_admin.email), ("email", personas.investigator.email)])


def test_an_open_alert_is_sent_again_after_the_delay_until_acknowledged(personas, on_call):
    personas.program.danger_realert_minutes = 15
    personas.program.save()
    with time_machine.travel(T0, tick=False) as traveller:
        report_danger(personas)
        alert = DangerAlert.objects.get()
        traveller.shift(dt.timedelta(minutes=14))
        assert danger_realert_sweep() == 0

        traveller.shift(dt.timedelta(minutes=2))
        assert danger_realert_sweep() == 1
        assert danger_realert_sweep() == 0  # the same period again: nothing twice
        alert.refresh_from_db()
        assert alert.rounds == 2 and alert.next_send_at == T0 + dt.timedelta(minutes=31)
        round_two = OutboxMessage.objects.filter(dedupe_key__startswith=f"danger:{alert.public_id}:2:")
        assert sorted(round_two.values_list("channel", flat=True)) == ["email", "sms"]
        assert round_two.filter(subject__startswith="REMINDER 2").count() == 2
        assert Event.objects.filter(verb=AlertEvent.DANGER_ALERT_REALERTED, object_id=str(alert.pk)).count() == 1

        danger_alert_acknowledge(actor=actor_for_user(personas.investigator), alert=alert, note="Calling the manager")
        traveller.shift(dt.timedelta(hours=2))
        assert danger_realert_sweep() == 0
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by, alert.next_send_at) == ("acknowledged", personas.investigator, None)
    assert alert.rounds == 2
    ack = Event.objects.get(verb=AlertEvent.DANGER_ALERT_ACKNOWLEDGED)
    assert (ack.before, ack.after, ack.actor_user) == ("open", "acknowledged", personas.investigator)
    assert OutboxMessage.objects.filter(kind="danger_alert").count() == 4


def test_acknowledging_twice_is_refused(personas, on_call):
    report_danger(personas)
    alert = DangerAlert.objects.get()
    actor = actor_for_user(personas.investigator)
    danger_alert_acknowledge(actor=actor, alert=alert)
    alert.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        danger_alert_acknowledge(actor=actor, alert=alert)
    assert refused.value.code == "already_acknowledged"


def test_the_on_call_person_acknowledges_on_the_alert_page(personas, on_call, client):
    report_danger(personas)
    alert = DangerAlert.objects.get()
    url = f"/alerts/{personas.program.slug}/{alert.public_id}/"
    login(client, personas.investigator)
    page = client.get(url).content.decode()
    assert 'data-testid="acknowledge"' in page and alert.complaint.case_code in page

    response = client.post(url + "acknowledge/", {"note": "On my way"})

    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "acknowledged" and alert.acknowledgement_note == "On my way"
    assert Event.objects.filter(verb=AlertEvent.DANGER_ALERT_ACKNOWLEDGED, actor_user=personas.investigator).exists()


def test_someone_not_on_call_cannot_acknowledge(personas, on_call, client):
    report_danger(personas)
    alert = DangerAlert.objects.get()
    login(client, personas.council_admin)  # on the roster but off duty

    response = client.post(f"/alerts/{personas.program.slug}/{alert.public_id}/acknowledge/", {"note": ""})

    assert response.status_code == 403
    assert b"Only a person on call can acknowledge" in response.content
    alert.refresh_from_db()
    assert alert.status == "open"
    assert not Event.objects.filter(verb=AlertEvent.DANGER_ALERT_ACKNOWLEDGED).exists()


def test_a_user_of_another_program_gets_a_404(personas, on_call, client):
    from tests.factories import MembershipFactory, UserFactory
    from wsr.accounts.roles import Role

    report_danger(personas)
    alert = DangerAlert.objects.get()
    stranger = UserFactory(username="gs-investigator", organisation=personas.other_program.monitoring_body)
    MembershipFactory(user=stranger, program=personas.other_program, role=Role.INVESTIGATOR)
    login(client, stranger)

    for slug in (personas.program.slug, personas.other_program.slug):
        response = client.post(f"/alerts/{slug}/{alert.public_id}/acknowledge/", {"note": ""})
        assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.status == "open"


def test_the_alert_tops_the_on_call_staffs_to_do_list_until_acknowledged(personas, on_call):
    from wsr.standing.todos import todos_for

    report_danger(personas)
    actor = actor_for_user(personas.investigator)
    todos = todos_for(actor=actor, program=personas.program)
    assert todos[0].key == "danger_alerts" and todos[0].count == 1
    assert "danger_alerts" not in [
        t.key for t in todos_for(actor=actor_for_user(personas.brand_a), program=personas.program)
    ]

    danger_alert_acknowledge(actor=actor, alert=DangerAlert.objects.get())
    assert "danger_alerts" not in [t.key for t in todos_for(actor=actor, program=personas.program)]


def test_the_case_page_links_to_its_alert_and_names_the_danger(personas, on_call, client):
    receipt = report_danger(personas)
    alert = DangerAlert.objects.get()
    login(client, personas.investigator)
    page = client.get(f"/complaints/{personas.program.slug}/cases/{receipt.complaint.public_id}/").content.decode()
    assert f'href="/alerts/{personas.program.slug}/{alert.public_id}/"' in page
    assert "Fire, smoke or a locked or blocked exit" in page
