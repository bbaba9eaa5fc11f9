"""The Argon2id hash of a new case's secret: a refused input costs none, and a KDF that fails
surfaces in the request and leaves nothing written (no case, no identity, no event)."""

from __future__ import annotations

import pytest

from tests.complaints.staff_helpers import file_case
from wsr.complaints.models import Complaint, ComplaintIdentity
from wsr.complaints.services import intake
from wsr.core.crypto import KeyConfigurationError
from wsr.core.errors import DomainError
from wsr.core.models import Event

pytestmark = pytest.mark.django_db


def test_a_failing_kdf_surfaces_in_the_request_and_writes_nothing(personas, monkeypatch):
    def broken_hash(secret):
        raise KeyConfigurationError("WSR_PEPPER is not set.")

    monkeypatch.setattr(intake, "hash_secret", broken_hash)
    events_before = Event.objects.count()

    with pytest.raises(KeyConfigurationError):
        file_case(personas, contact="through the worker centre")

    assert Complaint.objects.count() == 0
    assert ComplaintIdentity.objects.count() == 0
    assert Event.objects.count() == events_before


def test_refused_input_costs_no_hash(personas, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(intake, "hash_secret", lambda secret: calls.append(secret) or "")

    with pytest.raises(DomainError) as info:
        file_case(personas, description="   ")

    assert info.value.code == "description_required"
    assert calls == [] and Complaint.objects.count() == 0
