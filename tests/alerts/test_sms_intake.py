"""A text that starts with DANGER (PELIGRO, DANJE, বিপদ) opens a case in danger now: the on-call
staff are alerted and the reply says to leave the danger, with the emergency number."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.alerts.conftest import ON_CALL_PHONE
from wsr.alerts.models import DangerAlert
from wsr.complaints import services
from wsr.complaints.services.sms import starts_with_danger_word
from wsr.core.models import OutboxMessage

pytestmark = pytest.mark.django_db
NUMBER = "+15550001111"


def _receive(text: str, message_id: str = "m1"):
    return services.complaint_sms_receive(
        gateway="acme",
        message_id=message_id,
        sender="+1 555 777 0101",
        to=NUMBER,
        text=text,
        received_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
    )


@pytest.fixture(autouse=True)
def _gateways(settings):
    settings.WSR_SMS_GATEWAYS = {"acme": {"secret": "s", "numbers": {NUMBER: "fair-harvest"}}}


def test_a_danger_text_alerts_the_on_call_staff_and_the_reply_says_leave(personas, on_call):
    personas.program.emergency_phone = "+1 239 555 0199"
    personas.program.save()

    result = _receive("PELIGRO: the pesticide is being sprayed on us in the field now")

    alert = DangerAlert.objects.get()
    assert alert.complaint.case_code == result.case_code and alert.complaint.channel == "sms"
    assert "Leave the danger now" in result.reply and "+1 239 555 0199" in result.reply
    assert OutboxMessage.objects.filter(kind="danger_alert", channel="sms", recipient=ON_CALL_PHONE).exists()


def test_an_ordinary_text_raises_no_alert(personas, on_call):
    result = _receive("They took our passports, there is no danger word here")
    assert result.created and not DangerAlert.objects.exists()
    assert "Leave the danger" not in result.reply


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        ("DANGER fire", True),
        ("danje! dife", True),
        ("বিপদ আগুন", True),
        ("Peligro", True),
        ("no danger", False),
        ("", False),
    ],
)
def test_the_danger_word_is_the_first_word(text, danger):
    assert starts_with_danger_word(text) is danger


def test_the_json_intake_alerts_and_answers_what_to_do_now_in_the_reports_language(personas, on_call, client):
    import json

    personas.program.emergency_phone = "+1 239 555 0199"
    personas.program.save()
    body = {
        "program": personas.program.slug,
        "facility": personas.facility_x.public_id,
        "facility_name": "",
        "category": "health_safety",
        "description": "The barn roof is cracking over us. KANARI-API-9",
        "language": "es",
        "anonymous": True,
        "imminent_danger": True,
        "hazard": "structural",
    }
    response = client.post("/api/v1/intake/complaints", data=json.dumps(body), content_type="application/json")

    assert response.status_code == 201
    assert "+1 239 555 0199" in response.json()["danger_advice"]
    alert = DangerAlert.objects.get()
    assert (alert.hazard, alert.complaint.channel, alert.complaint.hazard) == ("structural", "api", "structural")
    assert not OutboxMessage.objects.filter(body__contains="KANARI-API-9").exists()
