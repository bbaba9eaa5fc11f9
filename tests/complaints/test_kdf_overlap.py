"""The case secret's Argon2id work runs on the KDF pool (``wsr.complaints.kdf``) while the request
does its other work, and that changes nothing a worker or an attacker can see: the write starts
only after the hash is done, a failing KDF writes nothing, and a wrong pair (or an unknown code)
is refused only after the whole verification."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from tests.complaints.staff_helpers import actor, file_case
from wsr.complaints import services
from wsr.complaints.models import Complaint, ComplaintIdentity
from wsr.complaints.services import follow_up, intake
from wsr.core.crypto import KeyConfigurationError
from wsr.core.errors import DomainError
from wsr.core.events import events_for_object
from wsr.core.models import Event

pytestmark = pytest.mark.django_db

_SLOW = 0.05  # seconds added to the KDF, so an early answer or an early write would be seen


def test_the_intake_hash_runs_on_the_pool_and_the_write_waits_for_it(personas, monkeypatch):
    real_hash = intake.hash_secret
    hashing: dict[str, object] = {}

    def slow_hash(secret):
        hashing["thread"] = threading.current_thread().name
        time.sleep(_SLOW)
        digest = real_hash(secret)
        hashing["done"] = True
        return digest

    writes: list[bool] = []

    def watch(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            writes.append(bool(hashing.get("done")))
        return execute(sql, params, many, context)

    monkeypatch.setattr(intake, "hash_secret", slow_hash)
    with connection.execute_wrapper(watch):
        receipt = file_case(personas, contact="through the worker centre")

    assert str(hashing["thread"]).startswith("wsr-kdf")  # not the request's thread
    assert writes and all(writes)  # every INSERT came after the hash was finished
    complaint = Complaint.objects.get(pk=receipt.complaint.pk)
    assert complaint.secret_hash.startswith("$argon2id$")
    assert services.complaint_status_view(case_code=receipt.case_code, secret=receipt.secret).status == "received"
    assert events_for_object(complaint).filter(verb="complaint_received").count() == 1


def test_a_failing_kdf_surfaces_in_the_request_and_writes_nothing(personas, monkeypatch):
    def broken_hash(secret):
        time.sleep(_SLOW)
        raise KeyConfigurationError("WSR_PEPPER is not set.")

    monkeypatch.setattr(intake, "hash_secret", broken_hash)
    events_before = Event.objects.count()

    with pytest.raises(KeyConfigurationError):
        file_case(personas, contact="through the worker centre")

    assert Complaint.objects.count() == 0
    assert ComplaintIdentity.objects.count() == 0
    assert Event.objects.count() == events_before


def test_refused_input_starts_no_hash(personas, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(intake, "hash_secret", lambda secret: calls.append(secret) or "")

    with pytest.raises(DomainError) as info:
        file_case(personas, description="   ")

    assert info.value.code == "description_required"
    assert calls == [] and Complaint.objects.count() == 0


def _slow_verify(monkeypatch) -> list[str]:
    real_verify = follow_up.verify_secret
    finished: list[str] = []

    def slow_verify(stored, secret):
        time.sleep(_SLOW)
        result = real_verify(stored, secret)
        finished.append(threading.current_thread().name)
        return result

    monkeypatch.setattr(follow_up, "verify_secret", slow_verify)
    return finished


@pytest.mark.parametrize("which", ["wrong_secret", "unknown_code", "malformed_code"])
def test_a_refusal_waits_for_the_whole_verification(personas, monkeypatch, which):
    receipt = file_case(personas)
    finished = _slow_verify(monkeypatch)
    code, secret = receipt.case_code, receipt.secret
    if which == "wrong_secret":
        secret = "AAAA-AAAA-AAAA"
    elif which == "unknown_code":
        code = "0000-0000-0000-0000-0"
    else:
        code = "12"

    started = time.perf_counter()
    with pytest.raises(services.CaseAccessRefused):
        services.complaint_status_view(case_code=code, secret=secret)

    assert time.perf_counter() - started >= _SLOW
    assert len(finished) == 1 and finished[0].startswith("wsr-kdf")


def test_an_error_reading_messages_is_a_refusal_unless_the_pair_matched(personas, monkeypatch):
    receipt = file_case(personas)
    services.complaint_message_send(
        actor=actor(personas.investigator), complaint=_assigned(personas, receipt), text="We visited the field."
    )

    def broken_view(complaint):
        raise RuntimeError("cannot open the messages")

    monkeypatch.setattr(follow_up, "status_view_for", broken_view)

    with pytest.raises(services.CaseAccessRefused):  # a wrong secret learns nothing about the case
        services.complaint_status_view(case_code=receipt.case_code, secret="AAAA-AAAA-AAAA")
    with pytest.raises(RuntimeError):  # the right pair sees the real error
        services.complaint_status_view(case_code=receipt.case_code, secret=receipt.secret)


def test_the_right_pair_sees_its_messages(personas):
    receipt = file_case(personas)
    services.complaint_message_send(
        actor=actor(personas.investigator), complaint=_assigned(personas, receipt), text="We visited the field."
    )

    view = services.complaint_status_view(case_code=receipt.case_code, secret=receipt.secret)

    assert [m.text for m in view.messages] == ["We visited the field."]


def _assigned(personas, receipt):
    complaint = receipt.complaint
    services.complaint_assign(
        actor=actor(personas.council_admin), complaint=complaint, investigators=[personas.investigator]
    )
    complaint.refresh_from_db()
    return complaint
