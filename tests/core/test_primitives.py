from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from wsr.core.errors import Throttled
from wsr.core.ids import new_public_id
from wsr.core.models import ThrottleBucket
from wsr.core.money import Money
from wsr.core.throttle import throttle_take


def test_public_ids_are_prefixed_opaque_and_distinct():
    ids = {new_public_id("fac") for _ in range(2000)}
    assert len(ids) == 2000
    sample = next(iter(ids))
    assert sample.startswith("fac_")
    assert len(sample) == 4 + 16
    assert set(sample[4:]) <= set("0123456789abcdefghjkmnpqrstvwxyz")


@given(st.integers(-(10**12), 10**12), st.integers(-(10**12), 10**12))
def test_money_adds_exactly_in_minor_units(a, b):
    assert (Money(a, "USD") + Money(b, "USD")).minor == a + b
    assert (Money(a, "USD") - Money(b, "USD")).minor == a - b


def test_money_refuses_floats_mixed_currencies_and_bad_codes():
    with pytest.raises(TypeError):
        Money(1.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Money(1, "usd")
    with pytest.raises(ValueError):
        Money(1, "USD") + Money(1, "BDT")


def test_money_formats_with_the_currency_exponent():
    assert Money(123456, "USD").format() == "1,234.56 USD"
    assert Money(-5, "USD").format() == "-0.05 USD"
    assert Money(1200, "JPY").format() == "1,200 JPY"


@pytest.mark.django_db
def test_token_bucket_allows_the_burst_then_refuses_then_refills():
    start = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(3):
            throttle_take("login:ana", capacity=3, refill_seconds=60)
        with pytest.raises(Throttled) as exc:
            throttle_take("login:ana", capacity=3, refill_seconds=60)
        assert exc.value.retry_after == 60
        throttle_take("login:other", capacity=3, refill_seconds=60)  # other keys are independent
        traveller.shift(61)
        throttle_take("login:ana", capacity=3, refill_seconds=60)
        with pytest.raises(Throttled):
            throttle_take("login:ana", capacity=3, refill_seconds=60)
    assert ThrottleBucket.objects.filter(key="login:ana").exists()
