"""The SLA sweep with time travel: warnings once per level, a breach once, pause, escalation."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from tests.complaints.staff_helpers import actor, file_case
from wsr.complaints import services
from wsr.complaints.models import SlaEscalation
from wsr.complaints.selectors import complaint_statistics, sla_report
from wsr.core.events import events_for_object
from wsr.core.models import OutboxMessage
from wsr.core.outbox import outbox_flush

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2025, 3, 3, 8, 0, tzinfo=dt.UTC)


def sla_events(complaint, verb):
    return [e.data for e in events_for_object(complaint).filter(verb=verb).order_by("id")]


def test_warnings_then_one_breach_escalated_to_admins(personas, django_capture_on_commit_callbacks):
    personas.council_admin.email = "admin@example.org"
    personas.council_admin.save()
    with time_machine.travel(T0, tick=False) as traveller:
        c = file_case(personas).complaint  # standard: acknowledge within 48 h
        traveller.move_to(T0 + dt.timedelta(hours=25))  # 52%
        services.complaint_sla_sweep()
        services.complaint_sla_sweep()
        ack = [d for d in sla_events(c, "sla_warning") if d["clock"] == "acknowledge"]
        assert [d["level"] for d in ack] == [50]
        traveller.move_to(T0 + dt.timedelta(hours=44))  # 91.7%: one event at 90, none at 75
        services.complaint_sla_sweep()
        ack = [d for d in sla_events(c, "sla_warning") if d["clock"] == "acknowledge"]
        assert [d["level"] for d in ack] == [50, 90]
        traveller.move_to(T0 + dt.timedelta(hours=49))
        with django_capture_on_commit_callbacks(execute=True):
            result = services.complaint_sla_sweep()
        assert result.breaches == 1 and result.emails == 1
        with django_capture_on_commit_callbacks(execute=True):
            again = services.complaint_sla_sweep()
        assert again.breaches == 0 and again.warnings == 0
    breaches = sla_events(c, "sla_breached")
    assert [b["clock"] for b in breaches] == ["acknowledge"]
    escalation = SlaEscalation.objects.get()
    assert escalation.clock == "acknowledge" and escalation.notified == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["admin@example.org"]
    assert c.public_id in mail.outbox[0].body and "No water" not in mail.outbox[0].body
    assert complaint_statistics(program=personas.program).sla_breaches == 1


def test_waiting_for_the_complainant_pauses_every_clock(personas):
    with time_machine.travel(T0, tick=False) as traveller:
        c = file_case(personas).complaint
        services.complaint_acknowledge(actor=actor(personas.investigator), complaint=c)
        traveller.move_to(T0 + dt.timedelta(days=1))
        services.complaint_awaiting_start(actor=actor(personas.investigator), complaint=c, reason="Which field?")
        traveller.move_to(T0 + dt.timedelta(days=30))
        services.complaint_sla_sweep()
        assert sla_events(c, "sla_breached") == []
        report = sla_report(c)
        assert report.paused
        assert report.clocks["resolve"].deadline == T0 + dt.timedelta(days=14 + 29)
        services.complaint_awaiting_end(actor=actor(personas.investigator), complaint=c)
        traveller.move_to(T0 + dt.timedelta(days=37))  # 1 + 7 active days of 10 to investigate
        services.complaint_sla_sweep()
        levels = {d["clock"]: d["level"] for d in sla_events(c, "sla_warning")}
        assert levels["investigate"] == 75
        assert sla_events(c, "sla_breached") == []


def test_closed_cases_are_not_swept_and_the_command_reports(personas, capsys):
    with time_machine.travel(T0, tick=False) as traveller:
        file_case(personas)
        traveller.move_to(T0 + dt.timedelta(days=40))
        call_command("sla_sweep")
    out = capsys.readouterr().out
    assert "1 open case" in out and "breach" in out


class RefusingSmtpBackend(BaseEmailBackend):
    """A mail server that is down: every send raises, naming the recipient in its text."""

    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise smtplib.SMTPRecipientsRefused({"admin@example.org": (451, b"try again later")})


def test_an_smtp_failure_leaves_the_breach_notice_in_the_outbox_and_the_next_delivery_sends_it(
    personas, settings, django_capture_on_commit_callbacks
):
    personas.council_admin.email = "admin@example.org"
    personas.council_admin.save()
    with time_machine.travel(T0, tick=False) as traveller:
        c = file_case(personas).complaint
        traveller.move_to(T0 + dt.timedelta(hours=49))
        settings.EMAIL_BACKEND = "tests.complaints.test_sla_sweep.RefusingSmtpBackend"
        with django_capture_on_commit_callbacks(execute=True):
            result = services.complaint_sla_sweep()
        assert result.breaches == 1
        assert mail.outbox == []
        notice = OutboxMessage.objects.get(kind="sla_breached")
        assert notice.status == OutboxMessage.Status.PENDING and notice.recipient == "admin@example.org"
        assert c.public_id in notice.subject and "No water" not in notice.body
        failed = notice.delivery_attempts.get()
        assert failed.outcome == "error" and failed.error == "SMTPRecipientsRefused"
        assert "admin@example.org" not in notice.last_error
        assert sla_events(c, "sla_breached")[0]["clock"] == "acknowledge"

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert outbox_flush() == 0  # not due yet: the retry waits
        traveller.move_to(T0 + dt.timedelta(hours=49, minutes=2))
        with django_capture_on_commit_callbacks(execute=True):
            services.complaint_sla_sweep()  # a later sweep queues no second notice
        assert outbox_flush() == 1
    notice.refresh_from_db()
    assert notice.status == OutboxMessage.Status.SENT and notice.attempts == 2
    assert [a.outcome for a in notice.delivery_attempts.all()] == ["error", "sent"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["admin@example.org"]
    assert OutboxMessage.objects.count() == 1
