"""Slow work (Argon2id, encryption, file storage) runs before the write transaction opens, and a
stored evidence file never outlives a write that failed, commit included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import OperationalError, connection

from tests.complaints.staff_helpers import actor, file_case
from wsr.complaints import services
from wsr.complaints.models import Complaint, Evidence, SmsInbound
from wsr.complaints.services import evidence as evidence_service
from wsr.complaints.services import follow_up, intake
from wsr.core.events import events_for_object

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# Real commits: the write transaction is the outermost one, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def _assigned_case(personas):
    c = file_case(personas).complaint
    services.complaint_assign(actor=actor(personas.council_admin), complaint=c, investigators=[personas.investigator])
    return c


def _stored_files(settings) -> list:
    folder = settings.MEDIA_ROOT / evidence_service.STORAGE_DIR
    return sorted(folder.iterdir()) if folder.exists() else []


def test_evidence_is_encrypted_and_stored_before_the_transaction_opens(personas, settings, monkeypatch):
    c = _assigned_case(personas)
    seen = []
    real_seal = evidence_service.vault.seal_bytes

    def watching_seal(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real_seal(*args, **kwargs)

    monkeypatch.setattr(evidence_service.vault, "seal_bytes", watching_seal)

    services.complaint_evidence_add(actor=actor(personas.investigator), complaint=c, filename="a.png", content=PNG)

    assert seen == [False]
    assert Evidence.objects.count() == 1 and len(_stored_files(settings)) == 1
    assert events_for_object(c).filter(verb="complaint_evidence_added").count() == 1


def test_a_failed_commit_leaves_no_orphaned_evidence_file(personas, settings, monkeypatch):
    c = _assigned_case(personas)

    def failing_commit():
        raise OperationalError("database is locked")

    monkeypatch.setattr(connection, "commit", failing_commit)
    with pytest.raises(OperationalError):
        services.complaint_evidence_add(actor=actor(personas.investigator), complaint=c, filename="a.png", content=PNG)
    monkeypatch.undo()

    assert _stored_files(settings) == []
    assert not Evidence.objects.exists()
    assert not events_for_object(c).filter(verb="complaint_evidence_added").exists()


def test_an_error_inside_the_write_deletes_the_stored_file(personas, settings, monkeypatch):
    c = _assigned_case(personas)
    monkeypatch.setattr(evidence_service.common, "record", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")))

    with pytest.raises(RuntimeError):
        services.complaint_evidence_add(actor=actor(personas.investigator), complaint=c, filename="a.png", content=PNG)

    assert _stored_files(settings) == [] and not Evidence.objects.exists()


def _sms(settings, text: str, message_id: str):
    settings.WSR_SMS_GATEWAYS = {"acme": {"secret": "s", "numbers": {"+15550001111": "fair-harvest"}}}
    return services.complaint_sms_receive(
        gateway="acme",
        message_id=message_id,
        sender="+1 555 777 0101",
        to="+15550001111",
        text=text,
        received_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
    )


def test_sms_argon2id_runs_outside_the_write_transaction(personas, settings, monkeypatch):
    seen: list[tuple[str, bool]] = []
    real_hash, real_verify = intake.hash_secret, follow_up.verify_secret

    def watching_hash(secret):
        seen.append(("hash", connection.in_atomic_block))
        return real_hash(secret)

    def watching_verify(stored, secret):
        seen.append(("verify", connection.in_atomic_block))
        return real_verify(stored, secret)

    monkeypatch.setattr(intake, "hash_secret", watching_hash)
    monkeypatch.setattr(follow_up, "verify_secret", watching_verify)

    first = _sms(settings, "They took our passports", "m1")
    _sms(settings, f"{first.case_code} {first.secret} they came back", "m2")

    assert seen == [("hash", False), ("verify", False)]
    complaint = Complaint.objects.get()
    assert SmsInbound.objects.filter(complaint=complaint).count() == 2
    assert events_for_object(complaint).filter(verb="complaint_message_received").count() == 1


def test_web_and_api_intake_hash_outside_the_write_transaction(personas, monkeypatch):
    seen = []
    real_hash = intake.hash_secret

    def watching_hash(secret):
        seen.append(connection.in_atomic_block)
        return real_hash(secret)

    monkeypatch.setattr(intake, "hash_secret", watching_hash)

    receipt = file_case(personas)

    assert seen == [False]
    assert events_for_object(receipt.complaint).filter(verb="complaint_received").count() == 1
