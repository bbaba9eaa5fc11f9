"""Token buckets shared by every process through the database.

``throttle_take(key, capacity, refill_seconds)`` removes one token from bucket ``key`` (capacity
tokens, one token regained every ``refill_seconds``) or raises ``Throttled`` with the wait.
Used for login, API tokens and, later, case-status guessing (per client and per channel).
``throttle_refund`` gives a token back: sign-in spends one before checking the password (so
parallel guesses cannot all slip past a check) and returns it when the password was right.
"""

from __future__ import annotations

import datetime as dt
import math

from django.db import IntegrityError, connection, transaction

from wsr.core import clock
from wsr.core.errors import Throttled
from wsr.core.models import ThrottleBucket

# PostgreSQL: refill and spend in one statement (one round trip instead of a locking read and a
# write; the row lock is the UPDATE's own, and READ COMMITTED re-checks the condition after it).
_ELAPSED = "GREATEST(0, EXTRACT(EPOCH FROM (%(now)s - updated_at)))"
_REFILLED = f"LEAST(%(capacity)s, tokens + {_ELAPSED} / %(refill)s)"
_TAKE_POSTGRESQL = (
    f"UPDATE core_throttlebucket SET tokens = {_REFILLED} - %(cost)s, updated_at = %(now)s "  # noqa: S608 (constants)
    f"WHERE key = %(key)s AND {_REFILLED} >= %(cost)s"
)


def _take_in_one_statement(key: str, *, capacity: int, refill_seconds: float, cost: float, now: dt.datetime) -> bool:
    """True when the bucket existed and had the tokens (now spent); False leaves it untouched."""
    with connection.cursor() as cursor:
        cursor.execute(
            _TAKE_POSTGRESQL,
            {"capacity": float(capacity), "refill": float(refill_seconds), "cost": float(cost), "now": now, "key": key},
        )
        return cursor.rowcount == 1


def throttle_take(key: str, *, capacity: int, refill_seconds: float, cost: float = 1.0) -> None:
    now = clock.now()
    if connection.vendor == "postgresql" and _take_in_one_statement(
        key, capacity=capacity, refill_seconds=refill_seconds, cost=cost, now=now
    ):
        return
    # A new bucket, too few tokens, or another database: read, decide and write under a lock.
    with transaction.atomic():
        # The key is the primary key: no ordering to build (this runs before every case look-up).
        bucket = next(iter(ThrottleBucket.objects.select_for_update().filter(key=key).order_by()[:1]), None)
        if bucket is None:
            try:
                with transaction.atomic():
                    ThrottleBucket.objects.create(key=key, tokens=capacity - cost, updated_at=now)
                return
            except IntegrityError:
                bucket = ThrottleBucket.objects.select_for_update().get(key=key)
        elapsed = max(0.0, (now - bucket.updated_at).total_seconds())
        tokens = min(float(capacity), bucket.tokens + elapsed / refill_seconds)
        if tokens < cost:
            wait = math.ceil((cost - tokens) * refill_seconds)
            raise Throttled(retry_after=max(1, wait))
        ThrottleBucket.objects.filter(key=key).update(tokens=tokens - cost, updated_at=now)


def throttle_reset(key: str) -> None:
    ThrottleBucket.objects.filter(key=key).delete()


def throttle_refund(key: str, *, capacity: int, refill_seconds: float, cost: float = 1.0) -> None:
    """Give back ``cost`` tokens taken from bucket ``key`` (never above ``capacity``)."""
    now = clock.now()
    with transaction.atomic():
        bucket = ThrottleBucket.objects.select_for_update().filter(key=key).first()
        if bucket is None:
            return
        elapsed = max(0.0, (now - bucket.updated_at).total_seconds())
        tokens = min(float(capacity), bucket.tokens + elapsed / refill_seconds + cost)
        ThrottleBucket.objects.filter(key=key).update(tokens=tokens, updated_at=now)
