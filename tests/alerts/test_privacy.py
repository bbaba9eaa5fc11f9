"""What leaves by e-mail and SMS names the case code, the workplace and the category: never the
worker's words or identity."""

from __future__ import annotations

import pytest

from tests.alerts.conftest import report_danger
from wsr.alerts.models import DangerAlert
from wsr.core.models import Event, OutboxMessage

pytestmark = pytest.mark.django_db


def test_alert_messages_carry_no_narrative_or_identity(personas, on_call):
    receipt = report_danger(personas)
    alert = DangerAlert.objects.get()
    messages = list(OutboxMessage.objects.filter(kind="danger_alert"))
    assert len(messages) == 2
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        for secret in ("KANARI-NARRATIVE-31", "KANARI-NAME-31", "555 777 3131", "fire exit is chained", receipt.secret):
            assert secret not in text
        assert receipt.case_code in text
        assert personas.facility_x.name in text
        assert "Fire, smoke or a locked or blocked exit" in text
        assert alert.public_id in text  # the link to the alert page
    raised = Event.objects.get(verb="danger_alert_raised")
    assert "KANARI" not in str(raised.data) and "KANARI" not in raised.reason


def test_a_typed_workplace_stays_off_the_messages(personas, on_call):
    report_danger(personas, facility=None, facility_name="KANARI-PLACE Sewing unit 4")
    for message in OutboxMessage.objects.filter(kind="danger_alert"):
        assert "KANARI-PLACE" not in message.subject + message.body
