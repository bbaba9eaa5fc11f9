"""Guessing limits for the worker channels: a bucket per client and one per channel."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from wsr.complaints.guard import (
    ReportAlreadySent,
    case_access_keys,
    case_access_throttle,
    intake_once,
    intake_throttle,
)
from wsr.core.errors import Throttled
from wsr.core.models import ThrottleBucket

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.WSR_CASE_ACCESS_CLIENT_CAPACITY = 3
    settings.WSR_CASE_ACCESS_CLIENT_REFILL_SECONDS = 60
    settings.WSR_CASE_ACCESS_CHANNEL_CAPACITY = 5
    settings.WSR_CASE_ACCESS_CHANNEL_REFILL_SECONDS = 60
    return settings


def test_a_client_is_stopped_after_its_burst_and_others_are_not(limits):
    for _ in range(3):
        case_access_throttle(client_key="203.0.113.5", channel="web")
    with pytest.raises(Throttled) as refused:
        case_access_throttle(client_key="203.0.113.5", channel="web")
    assert 1 <= refused.value.retry_after <= 60
    case_access_throttle(client_key="198.51.100.7", channel="web")


def test_many_clients_together_are_stopped_by_the_channel_bucket(limits):
    for n in range(5):
        case_access_throttle(client_key=f"203.0.113.{n}", channel="web")
    with pytest.raises(Throttled):
        case_access_throttle(client_key="203.0.113.99", channel="web")
    # Each channel has its own global bucket.
    case_access_throttle(client_key="203.0.113.99", channel="api")


def test_a_refused_client_does_not_drain_the_channel_for_everyone(limits):
    limits.WSR_CASE_ACCESS_CLIENT_CAPACITY = 1
    limits.WSR_CASE_ACCESS_CHANNEL_CAPACITY = 2
    case_access_throttle(client_key="a", channel="sms")
    for _ in range(5):
        with pytest.raises(Throttled):
            case_access_throttle(client_key="a", channel="sms")
    case_access_throttle(client_key="b", channel="sms")  # the channel still had one token
    with pytest.raises(Throttled):
        case_access_throttle(client_key="c", channel="sms")


def test_tokens_come_back_with_time(limits):
    start = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(3):
            case_access_throttle(client_key="x", channel="api")
        with pytest.raises(Throttled):
            case_access_throttle(client_key="x", channel="api")
        traveller.shift(dt.timedelta(seconds=61))
        case_access_throttle(client_key="x", channel="api")


def test_bucket_keys_never_hold_the_address_or_number(limits):
    case_access_throttle(client_key="203.0.113.5", channel="web")
    case_access_throttle(client_key="sms:+15550009999", channel="sms")
    intake_throttle(client_key="203.0.113.5", channel="web")
    keys = " ".join(ThrottleBucket.objects.values_list("key", flat=True))
    assert "203.0.113.5" not in keys and "5550009999" not in keys
    client_key, channel_key = case_access_keys(client_key="203.0.113.5", channel="web")
    assert client_key in keys and channel_key == "case-access:web:all"


def test_unknown_channel_is_a_programming_error():
    with pytest.raises(ValueError):
        case_access_keys(client_key="x", channel="fax")


def test_intake_per_client_limit(settings):
    settings.WSR_INTAKE_CLIENT_CAPACITY = 2
    intake_throttle(client_key="x", channel="api")
    intake_throttle(client_key="x", channel="api")
    with pytest.raises(Throttled):
        intake_throttle(client_key="x", channel="api")
    intake_throttle(client_key="y", channel="api")


def test_a_report_token_is_used_once_unless_its_transaction_rolls_back():
    from django.db import transaction

    intake_once(token="tok-1")
    with pytest.raises(ReportAlreadySent):
        intake_once(token="tok-1")
    with pytest.raises(RuntimeError), transaction.atomic():
        intake_once(token="tok-2")
        raise RuntimeError("the intake failed")
    intake_once(token="tok-2")
