from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wsr.core import merkle
from wsr.core.errors import DomainError
from wsr.core.models import TransparencyEntry, TransparencyHead
from wsr.core.transparency import (
    GENESIS_HASH,
    entry_bytes,
    entry_hash,
    transparency_append,
    transparency_append_many,
    transparency_entries,
    transparency_verify,
)

pytestmark = pytest.mark.django_db
STREAM = "program:prg_test"


def _fill(n: int = 5) -> list[TransparencyEntry]:
    return transparency_append_many(stream=STREAM, items=[("fact", {"n": i, "name": f"Fábrica {i}"}) for i in range(n)])


def test_entries_chain_from_genesis_with_contiguous_sequence():
    entries = _fill(3)
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS_HASH
    assert entries[1].prev_hash == entries[0].entry_hash
    head = TransparencyHead.objects.get(stream=STREAM)
    assert (head.seq, head.head_hash) == (3, entries[2].entry_hash)


def test_hash_is_recomputable_from_the_documented_fields():
    entry = transparency_append(stream=STREAM, kind="program_created", payload={"slug": "x", "n": 1})
    stored = TransparencyEntry.objects.get(pk=entry.pk)
    assert stored.entry_hash == entry_hash(
        stream=STREAM,
        seq=1,
        time=stored.recorded_at,
        kind="program_created",
        payload={"n": 1, "slug": "x"},
        prev=GENESIS_HASH,
    )


def test_verify_passes_on_an_untouched_log():
    _fill(5)
    transparency_append(stream="program:other", kind="fact", payload={})
    results = transparency_verify()
    assert [(r.stream, r.ok, r.entries) for r in results] == [("program:other", True, 1), (STREAM, True, 5)]


def test_verify_detects_an_edited_entry():
    _fill(5)
    TransparencyEntry.objects.filter(stream=STREAM, seq=3).update(payload={"n": 99, "name": "Fábrica 2"})
    (result,) = transparency_verify(STREAM)
    assert not result.ok
    assert result.broken_seq == 3
    assert "edited" in result.problem


def test_verify_detects_an_edited_kind_or_time():
    entries = _fill(4)
    TransparencyEntry.objects.filter(pk=entries[1].pk).update(kind="other")
    (result,) = transparency_verify(STREAM)
    assert (result.ok, result.broken_seq) == (False, 2)


def test_verify_detects_a_deleted_entry():
    _fill(5)
    TransparencyEntry.objects.filter(stream=STREAM, seq=2).delete()
    (result,) = transparency_verify(STREAM)
    assert not result.ok
    assert result.broken_seq == 3


def test_verify_detects_entries_removed_from_the_end():
    _fill(5)
    TransparencyEntry.objects.filter(stream=STREAM, seq=5).delete()
    (result,) = transparency_verify(STREAM)
    assert not result.ok
    assert result.broken_seq == 5


def test_verify_detects_an_inserted_entry():
    entries = _fill(4)
    # Shift entries 3..4 up by one and insert a forged entry 3 with a self-consistent hash.
    for seq in (4, 3):
        TransparencyEntry.objects.filter(stream=STREAM, seq=seq).update(seq=seq + 1)
    forged_hash = entry_hash(
        stream=STREAM,
        seq=3,
        time=entries[1].recorded_at,
        kind="fact",
        payload={"forged": True},
        prev=entries[1].entry_hash,
    )
    forged_bytes = entry_bytes(
        stream=STREAM,
        seq=3,
        time=entries[1].recorded_at,
        kind="fact",
        payload={"forged": True},
        prev=entries[1].entry_hash,
    )
    TransparencyEntry.objects.create(
        stream=STREAM,
        seq=3,
        recorded_at=entries[1].recorded_at,
        kind="fact",
        payload={"forged": True},
        prev_hash=entries[1].entry_hash,
        entry_hash=forged_hash,
        canonical=forged_bytes,
        leaf_hash=merkle.leaf_hash(forged_bytes),
    )
    (result,) = transparency_verify(STREAM)
    assert not result.ok
    assert result.broken_seq == 4


def test_verify_detects_reordered_entries():
    _fill(4)
    TransparencyEntry.objects.filter(stream=STREAM, seq=2).update(seq=100)
    TransparencyEntry.objects.filter(stream=STREAM, seq=3).update(seq=2)
    TransparencyEntry.objects.filter(stream=STREAM, seq=100).update(seq=3)
    (result,) = transparency_verify(STREAM)
    assert not result.ok
    assert result.broken_seq == 2


def test_payloads_with_floats_are_refused_and_nothing_is_written():
    with pytest.raises(DomainError):
        transparency_append(stream=STREAM, kind="fact", payload={"lat": 1.5})
    assert not TransparencyEntry.objects.exists()
    assert not TransparencyHead.objects.exists()


def test_published_entries_carry_hash_and_link():
    _fill(2)
    published = transparency_entries(STREAM)
    assert [e["seq"] for e in published] == [1, 2]
    assert published[1]["prev"] == published[0]["hash"]
    assert published[0]["time"].endswith("Z")


def test_verify_log_command_reports_ok_and_broken():
    _fill(3)
    out = StringIO()
    call_command("verify_log", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["ok"] is True
    assert report["streams"][0]["entries"] == 3

    TransparencyEntry.objects.filter(stream=STREAM, seq=2).update(payload={"n": "tampered"})
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_log", stdout=out)
    assert "BROKEN" in out.getvalue()
    assert "seq 2" in out.getvalue()
