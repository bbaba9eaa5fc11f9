"""The append-only, hash-chained transparency log (format: docs/transparency-log.md).

Each stream (one per program: ``program:<public id>``) is a chain of entries. An entry's hash is
SHA-256 over the canonical JSON of ``{"v", "stream", "seq", "time", "kind", "payload", "prev"}``
(keys sorted, no spaces, UTF-8). The first entry's ``prev`` is 64 zeros. A later issue adds Merkle
proofs and signed heads over the same entries: this format must not change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from wsr.core import clock
from wsr.core.errors import ConcurrentChange, DomainError
from wsr.core.models import TransparencyEntry, TransparencyHead

FORMAT_VERSION = 1
GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def format_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(*, stream: str, seq: int, time: dt.datetime, kind: str, payload: Any, prev: str) -> str:
    body = {
        "v": FORMAT_VERSION,
        "stream": stream,
        "seq": seq,
        "time": format_time(time),
        "kind": kind,
        "payload": payload,
        "prev": prev,
    }
    return hashlib.sha256(canonical_json(body)).hexdigest()


def _check_payload(value: Any, path: str = "payload") -> None:
    """Payloads are public facts: only JSON types that round-trip exactly (no floats)."""
    if value is None or isinstance(value, (bool, int, str)):
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_payload(item, f"{path}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise DomainError(f"{path}: keys must be strings")
            _check_payload(item, f"{path}.{key}")
        return
    raise DomainError(f"{path}: {type(value).__name__} is not allowed in a transparency payload")


def stream_for_program(program_public_id: str) -> str:
    return f"program:{program_public_id}"


def transparency_append(*, stream: str, kind: str, payload: dict[str, Any]) -> TransparencyEntry:
    return transparency_append_many(stream=stream, items=[(kind, payload)])[0]


def transparency_append_many(*, stream: str, items: Sequence[tuple[str, dict[str, Any]]]) -> list[TransparencyEntry]:
    """Append entries in order; the head row is locked so appends to one stream serialise."""
    for _, payload in items:
        _check_payload(payload)
    with transaction.atomic():
        head = TransparencyHead.objects.select_for_update().filter(stream=stream).first()
        if head is None:
            try:
                with transaction.atomic():
                    head = TransparencyHead.objects.create(stream=stream, seq=0, head_hash=GENESIS_HASH)
            except IntegrityError:
                head = TransparencyHead.objects.select_for_update().get(stream=stream)
        seq, prev = head.seq, head.head_hash
        entries = []
        moment = clock.now()
        for kind, payload in items:
            seq += 1
            digest = entry_hash(stream=stream, seq=seq, time=moment, kind=kind, payload=payload, prev=prev)
            entries.append(
                TransparencyEntry(
                    stream=stream,
                    seq=seq,
                    recorded_at=moment,
                    kind=kind,
                    payload=payload,
                    prev_hash=prev,
                    entry_hash=digest,
                )
            )
            prev = digest
        TransparencyEntry.objects.bulk_create(entries, batch_size=1000)
        moved = TransparencyHead.objects.filter(stream=stream, seq=head.seq).update(seq=seq, head_hash=prev)
        if moved != 1:
            raise ConcurrentChange("transparency log")
    return entries


@dataclass(frozen=True)
class VerifyResult:
    stream: str
    entries: int
    ok: bool
    broken_seq: int | None = None
    problem: str = ""


def _walk(stream: str, rows: Iterator[TransparencyEntry], head: TransparencyHead | None) -> VerifyResult:
    expected_seq, prev, count = 1, GENESIS_HASH, 0
    for row in rows:
        count += 1
        if row.seq != expected_seq:
            problem = "missing entry before this one" if row.seq > expected_seq else "duplicate sequence"
            return VerifyResult(stream, count, False, row.seq, f"expected seq {expected_seq}: {problem}")
        if row.prev_hash != prev:
            return VerifyResult(stream, count, False, row.seq, "previous-hash link does not match the entry before")
        digest = entry_hash(
            stream=row.stream,
            seq=row.seq,
            time=row.recorded_at,
            kind=row.kind,
            payload=row.payload,
            prev=row.prev_hash,
        )
        if digest != row.entry_hash:
            return VerifyResult(stream, count, False, row.seq, "content does not match its hash (edited)")
        prev = digest
        expected_seq += 1
    last_seq = expected_seq - 1
    if head is None:
        return VerifyResult(stream, count, False, None, "stream has entries but no head")
    if head.seq != last_seq or head.head_hash != prev:
        return VerifyResult(
            stream,
            count,
            False,
            last_seq + 1,
            f"head says seq {head.seq}, chain ends at {last_seq} (entries removed from the end?)",
        )
    return VerifyResult(stream, count, True)


def transparency_verify(stream: str | None = None) -> list[VerifyResult]:
    """Recompute every chain (or one) and report the first broken entry of each."""
    heads = {h.stream: h for h in TransparencyHead.objects.all()}
    streams = set(heads)
    streams.update(TransparencyEntry.objects.values_list("stream", flat=True).distinct())
    if stream is not None:
        streams = {stream} & streams
    results = []
    for name in sorted(streams):
        rows = TransparencyEntry.objects.filter(stream=name).order_by("seq", "id").iterator(chunk_size=2000)
        results.append(_walk(name, rows, heads.get(name)))
    return results


def transparency_entries(stream: str) -> list[dict[str, Any]]:
    """Entries as published (for the disclosure site and open data)."""
    return [
        {
            "seq": e.seq,
            "time": format_time(e.recorded_at),
            "kind": e.kind,
            "payload": e.payload,
            "prev": e.prev_hash,
            "hash": e.entry_hash,
        }
        for e in TransparencyEntry.objects.filter(stream=stream).order_by("seq")
    ]
