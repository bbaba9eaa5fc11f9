"""Guessing limits for the worker channels (web pages, JSON API, SMS).

A case code (53 bits) and its secret (60 bits) cannot be guessed, but every try costs one Argon2id
verification (19 MiB, 2 passes): unlimited tries would let anyone burn the server's CPU. So every
status look-up, reply and secret change first takes one token from two buckets
(``wsr.core.throttle``):

* the client's own bucket (IP address for web and API, the sender's number for SMS), and
* one global bucket per channel, which caps the total rate of tries however many addresses an
  attacker uses.

The client's bucket is taken first, so a client that is already refused does not drain the shared
bucket for everyone else. Bucket keys hold only a keyed hash of the client, never an address or a
phone number. Capacities are settings (tests tweak them):

``WSR_CASE_ACCESS_CLIENT_CAPACITY`` / ``WSR_CASE_ACCESS_CLIENT_REFILL_SECONDS`` and
``WSR_CASE_ACCESS_CHANNEL_CAPACITY`` / ``WSR_CASE_ACCESS_CHANNEL_REFILL_SECONDS``.

Intake (a new case) has its own, looser per-client bucket: ``WSR_INTAKE_CLIENT_CAPACITY`` /
``WSR_INTAKE_CLIENT_REFILL_SECONDS``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from wsr.core.errors import DomainError, Throttled
from wsr.core.http import client_address
from wsr.core.throttle import throttle_take

CHANNELS = ("web", "api", "sms")

# (setting name, default)
_CLIENT_CAPACITY = ("WSR_CASE_ACCESS_CLIENT_CAPACITY", 10)
_CLIENT_REFILL = ("WSR_CASE_ACCESS_CLIENT_REFILL_SECONDS", 30.0)  # 120 tries an hour per client
_CHANNEL_CAPACITY = ("WSR_CASE_ACCESS_CHANNEL_CAPACITY", 300)
_CHANNEL_REFILL = ("WSR_CASE_ACCESS_CHANNEL_REFILL_SECONDS", 0.2)  # 5 tries a second per channel
_INTAKE_CAPACITY = ("WSR_INTAKE_CLIENT_CAPACITY", 20)
_INTAKE_REFILL = ("WSR_INTAKE_CLIENT_REFILL_SECONDS", 180.0)  # 20 reports an hour per client


def _setting(pair: tuple[str, float]) -> float:
    name, default = pair
    return float(getattr(settings, name, default))


def _hashed(value: str) -> str:
    key = str(getattr(settings, "SECRET_KEY", "")).encode("utf-8")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:40]


def client_key_for_request(request: HttpRequest) -> str:
    """The client a web or API request comes from (see wsr.core.http.client_address)."""
    return client_address(request)


def _check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise ValueError(f"Unknown worker channel {channel!r}.")


def case_access_keys(*, client_key: str, channel: str) -> tuple[str, str]:
    _check_channel(channel)
    return (f"case-access:{channel}:client:{_hashed(client_key or 'unknown')}", f"case-access:{channel}:all")


@contextmanager
def _bucket_transaction() -> Iterator[None]:
    """On PostgreSQL, one transaction for the buckets a request spends, whose commit does not wait
    for the disk (``synchronous_commit = off``, for this transaction only): losing the last few
    spent tries in a crash is harmless, and a worker should not wait for a disk flush before the
    slow secret check even starts. SQLite (WAL, ``synchronous=NORMAL``) does not flush at commit,
    so there each bucket keeps its own short transaction. Inside a caller's transaction nothing
    changes."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def case_access_throttle(*, client_key: str, channel: str) -> None:
    """Spend one try from the client's bucket, then from the channel's, or raise ``Throttled``."""
    client, everyone = case_access_keys(client_key=client_key, channel=channel)
    with _bucket_transaction():
        throttle_take(client, capacity=int(_setting(_CLIENT_CAPACITY)), refill_seconds=_setting(_CLIENT_REFILL))
        throttle_take(everyone, capacity=int(_setting(_CHANNEL_CAPACITY)), refill_seconds=_setting(_CHANNEL_REFILL))


def intake_throttle(*, client_key: str, channel: str) -> None:
    """Spend one new report from the client's intake bucket, or raise ``Throttled``."""
    _check_channel(channel)
    with _bucket_transaction():
        throttle_take(
            f"intake:{channel}:client:{_hashed(client_key or 'unknown')}",
            capacity=int(_setting(_INTAKE_CAPACITY)),
            refill_seconds=_setting(_INTAKE_REFILL),
        )


class ReportAlreadySent(DomainError):
    """The web form's one-time token was spent: this report was sent already (reload, back button)."""

    def __init__(self) -> None:
        super().__init__(gettext_lazy("This report was already sent."), code="already_sent")


def intake_once(*, token: str) -> None:
    """Spend a web report's one-time token, or raise ``ReportAlreadySent``. Call it inside the
    intake's transaction (``complaint_intake(claim=...)``): a failed intake then leaves it unspent."""
    try:
        throttle_take(f"intake:once:{_hashed(token)}", capacity=1, refill_seconds=7 * 24 * 3600)
    except Throttled:
        raise ReportAlreadySent() from None
