"""The outbox: rows written with the change, delivered after commit, deduplicated, retried with
backoff, attempts recorded without personal data, given up after N attempts, flushed periodically."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
import time_machine
from django.contrib import admin
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import RequestFactory

from tests.factories import UserFactory
from wsr.core.models import OutboxAttempt, OutboxMessage, TaskRun
from wsr.core.outbox import SENDERS, describe_error, outbox_deliver, outbox_enqueue, outbox_flush, retry_delay

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


class DownSmtpBackend(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise smtplib.SMTPSenderRefused(550, b"mailbox ana@example.org unavailable", "ana@example.org")


def notice(key: str = "k1", **overrides: str) -> OutboxMessage | None:
    fields = {
        "recipient": "ana@example.org",
        "subject": "Case CMP-1 breached",
        "body": "The acknowledge deadline passed.",
        "kind": "sla_breached",
        "dedupe_key": key,
        "program_public_id": "prg_x",
    }
    return outbox_enqueue(**{**fields, **overrides})


def test_a_notice_written_in_a_transaction_that_rolls_back_is_never_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notice()
        raise RuntimeError("the change failed")
    assert OutboxMessage.objects.count() == 0 and mail.outbox == []


def test_a_notice_is_delivered_after_commit_and_its_attempt_recorded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        message = notice()
    assert message is not None and mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 1 and message.sent_at
    assert [(a.outcome, a.error) for a in message.delivery_attempts.all()] == [("sent", "")]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.org"]
    assert mail.outbox[0].subject == "Case CMP-1 breached"


def test_the_same_notice_is_never_queued_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            first = notice("sla:CMP-1:ack")
        with transaction.atomic():
            second = notice("sla:CMP-1:ack", body="again")
    assert first is not None and second is None
    assert OutboxMessage.objects.count() == 1 and len(mail.outbox) == 1


def test_delivery_on_the_database_queue_is_a_task_run_written_at_commit(settings, django_capture_on_commit_callbacks):
    settings.WSR_TASK_BACKEND = "database"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = notice()
    run = TaskRun.objects.get()
    assert run.task_path == "wsr.core.outbox.outbox_deliver" and run.kwargs == {"message_id": message.pk}
    assert mail.outbox == []


def test_failures_back_off_exponentially_and_record_no_personal_data(settings):
    settings.EMAIL_BACKEND = "tests.core.test_outbox.DownSmtpBackend"
    settings.WSR_OUTBOX_RETRY_SECONDS = 60
    settings.WSR_OUTBOX_MAX_ATTEMPTS = 3
    with time_machine.travel(T0, tick=False) as traveller:
        message = notice()
        assert outbox_deliver.call(message_id=message.pk) == "retry"
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.PENDING and message.attempts == 1
        assert message.next_attempt_at == T0 + dt.timedelta(seconds=60)
        assert outbox_deliver.call(message_id=message.pk) == "skipped"  # not due yet
        traveller.move_to(T0 + dt.timedelta(seconds=60))
        assert outbox_flush() == 0
        message.refresh_from_db()
        assert message.attempts == 2 and message.next_attempt_at == T0 + dt.timedelta(seconds=60 + 120)
        traveller.move_to(T0 + dt.timedelta(seconds=180))
        assert outbox_deliver.call(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED and message.attempts == 3
    errors = list(message.delivery_attempts.values_list("error", flat=True))
    assert errors == ["SMTPSenderRefused (SMTP 550)"] * 3
    assert not OutboxAttempt.objects.filter(error__contains="ana@").exists()
    assert "ana@" not in message.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_flush() == 0 and mail.outbox == []  # given up: only a person can act now


def test_retry_delay_doubles_and_is_capped(settings):
    settings.WSR_OUTBOX_RETRY_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(30) == dt.timedelta(hours=6)


def test_errors_are_described_by_class_and_smtp_code_only():
    refused = smtplib.SMTPRecipientsRefused({"ana@example.org": (550, b"no")})
    assert describe_error(refused) == "SMTPRecipientsRefused"
    assert describe_error(smtplib.SMTPDataError(451, b"ana@example.org later")) == "SMTPDataError (SMTP 451)"


def test_a_message_held_by_another_delivery_is_not_sent_twice():
    with time_machine.travel(T0, tick=False):
        message = notice()
        OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=T0 + dt.timedelta(minutes=5))
        assert outbox_deliver.call(message_id=message.pk) == "skipped"
        assert outbox_flush() == 0
    with time_machine.travel(T0 + dt.timedelta(minutes=6), tick=False):  # that worker died
        assert outbox_flush() == 1
    assert len(mail.outbox) == 1


def test_a_channel_without_a_sender_yet_is_recorded_as_an_error(monkeypatch):
    monkeypatch.delitem(SENDERS, "sms", raising=False)  # the alerts app registers one
    message = notice(channel="sms", recipient="+15550001111")
    assert outbox_deliver.call(message_id=message.pk) == "retry"
    assert message.delivery_attempts.get().error == "ChannelNotConfigured"


def test_the_admin_shows_the_outbox_read_only():
    model_admin = admin.site._registry[OutboxMessage]
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert admin.site._registry[TaskRun].has_change_permission(request) is False
