"""The outbox delivers an alert's SMS through the sender the alerts app registers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.alerts.conftest import ON_CALL_PHONE, report_danger
from wsr.core.models import OutboxAttempt, OutboxMessage
from wsr.core.outbox import outbox_deliver

pytestmark = pytest.mark.django_db


def test_an_alert_sms_is_delivered_without_a_gateway_to_a_file(personas, on_call, settings):
    settings.WSR_SMS_URL = ""
    report_danger(personas)
    sms = OutboxMessage.objects.get(kind="danger_alert", channel="sms")

    assert outbox_deliver.call(message_id=sms.pk) == "sent"

    sms.refresh_from_db()
    assert sms.status == "sent"
    assert OutboxAttempt.objects.get(message=sms).outcome == "sent"
    written = (Path(settings.VAR_DIR) / "sent-sms" / f"{sms.pk}.txt").read_text(encoding="utf-8")
    assert ON_CALL_PHONE in written and "DANGER" in written


def test_a_gateway_refusal_is_recorded_and_retried(personas, on_call, settings, monkeypatch):
    import urllib.error

    settings.WSR_SMS_URL = "https://sms.example.org/send"

    def refuse(*args, **kwargs):
        raise urllib.error.HTTPError("https://sms.example.org/send", 503, "busy", None, None)  # type: ignore[arg-type]

    monkeypatch.setattr("urllib.request.urlopen", refuse)
    report_danger(personas)
    sms = OutboxMessage.objects.get(kind="danger_alert", channel="sms")

    assert outbox_deliver.call(message_id=sms.pk) == "retry"

    sms.refresh_from_db()
    assert sms.status == "pending" and sms.attempts == 1
    assert "SmsGatewayError" in OutboxAttempt.objects.get(message=sms).error
