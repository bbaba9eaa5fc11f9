"""Token buckets shared by every process through the database.

``throttle_take(key, capacity, refill_seconds)`` removes one token from bucket ``key`` (capacity
tokens, one token regained every ``refill_seconds``) or raises ``Throttled`` with the wait.
Used for login, API tokens and, later, case-status guessing (per client and per channel).
``throttle_refund`` gives a token back: sign-in spends one before checking the password (so
parallel guesses cannot all slip past a check) and returns it when the password was right.
"""

from __future__ import annotations

import math

from django.db import IntegrityError, transaction

from wsr.core import clock
from wsr.core.errors import Throttled
from wsr.core.models import ThrottleBucket


def throttle_take(key: str, *, capacity: int, refill_seconds: float, cost: float = 1.0) -> None:
    now = clock.now()
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
