"""The outbox: side effects (e-mail now; SMS and webhooks later) leave through a row written in the
same transaction as the change they report, and are delivered by a task after commit.

``outbox_enqueue`` joins the caller's transaction: if the change rolls back, no notice is sent;
if it commits, a delivery task is queued. The dedupe key is unique, so the same notice is never
queued twice (a sweep that runs again queues nothing). Delivery records every attempt (time,
outcome, the error's class and SMTP code: never its text, which can carry addresses), retries with
exponential backoff and gives up after ``WSR_OUTBOX_MAX_ATTEMPTS``, marking the message failed
(visible, read-only, in the admin). ``outbox_flush`` (periodic) delivers whatever is due, so a
notice survives a worker that died or a delivery task that was never queued.

Delivery is at least once: a worker killed after the mail server accepted a message but before
the row was marked sent sends it again once its claim expires.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q

from wsr.core import clock
from wsr.core.models import OutboxAttempt, OutboxMessage
from wsr.core.tasks import task

logger = logging.getLogger(__name__)

Channel = OutboxMessage.Channel
# A delivery holds its message this long; a worker that died mid-send releases it when it lapses.
CLAIM = dt.timedelta(minutes=5)
MAX_BACKOFF = dt.timedelta(hours=6)


class ChannelNotConfigured(Exception):
    """No sender exists for this channel."""


# Senders of channels other than e-mail, registered by the app that owns the channel (in its
# AppConfig.ready: wsr.standing registers "webhook"). A sender raises to have the attempt recorded
# as an error and retried; an ``http_status`` attribute on the exception is kept in the record.
SENDERS: dict[str, Callable[[OutboxMessage], None]] = {}


def register_sender(channel: str, sender: Callable[[OutboxMessage], None]) -> None:
    SENDERS[str(channel)] = sender


def outbox_enqueue(
    *,
    recipient: str,
    subject: str,
    body: str,
    kind: str,
    dedupe_key: str,
    channel: str = Channel.EMAIL,
    program_public_id: str = "",
) -> OutboxMessage | None:
    """Queue one notice to one recipient; ``None`` if a notice with this dedupe key exists.

    Call it inside the transaction that makes the change; delivery is queued when it commits.
    """
    now = clock.now()
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                channel=channel,
                recipient=recipient,
                subject=subject[:300],
                body=body,
                kind=kind,
                program_public_id=program_public_id,
                dedupe_key=dedupe_key[:200],
                next_attempt_at=now,
                created_at=now,
            )
    except IntegrityError:
        return None
    transaction.on_commit(partial(_queue_delivery, message.pk), robust=True)
    return message


def _queue_delivery(message_id: int) -> None:
    outbox_deliver.enqueue(message_id=message_id)


@task
def outbox_deliver(*, message_id: int) -> str:
    """Deliver one message if it is due and nobody else holds it; record the attempt."""
    now = clock.now()
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM)
    )
    if claimed != 1:
        return "skipped"
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _send(message)
    except Exception as exc:
        return _record_failure(message, exc)
    with transaction.atomic():
        OutboxAttempt.objects.create(message=message, attempted_at=clock.now(), outcome=OutboxAttempt.Outcome.SENT)
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxMessage.Status.SENT,
            sent_at=clock.now(),
            attempts=message.attempts + 1,
            claimed_until=None,
            last_error="",
        )
    return "sent"


def _send(message: OutboxMessage) -> None:
    if message.channel in SENDERS:
        SENDERS[message.channel](message)
        return
    if message.channel != Channel.EMAIL:
        raise ChannelNotConfigured(message.channel)
    EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
        to=[message.recipient],
    ).send(fail_silently=False)


def describe_error(exc: BaseException) -> str:
    """The exception's class and SMTP code (or HTTP status) only: its text can name recipients."""
    code = getattr(exc, "smtp_code", None)
    status = getattr(exc, "http_status", None)
    detail = f" (SMTP {code})" if code else f" (HTTP {status})" if status else ""
    return f"{type(exc).__name__}{detail}"[:200]


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait before the next try after ``attempts`` failures: base, 2x base, 4x base ... (capped)."""
    base = dt.timedelta(seconds=settings.WSR_OUTBOX_RETRY_SECONDS)
    return min(base * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _record_failure(message: OutboxMessage, exc: Exception) -> str:
    attempts = message.attempts + 1
    error = describe_error(exc)
    gave_up = attempts >= settings.WSR_OUTBOX_MAX_ATTEMPTS
    now = clock.now()
    with transaction.atomic():
        OutboxAttempt.objects.create(
            message=message, attempted_at=now, outcome=OutboxAttempt.Outcome.ERROR, error=error
        )
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxMessage.Status.FAILED if gave_up else OutboxMessage.Status.PENDING,
            attempts=attempts,
            next_attempt_at=now + retry_delay(attempts),
            claimed_until=None,
            last_error=error,
        )
    log = logger.error if gave_up else logger.warning
    log(
        "outbox message %s (%s) attempt %s failed: %s%s",
        message.pk,
        message.kind,
        attempts,
        error,
        "; giving up" if gave_up else "",
    )
    return "failed" if gave_up else "retry"


def outbox_flush(*, limit: int = 500) -> int:
    """Deliver every message that is due (periodic: catches lost or failed deliveries)."""
    now = clock.now()
    due = (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for message_id in list(due) if outbox_deliver.call(message_id=message_id) == "sent")
