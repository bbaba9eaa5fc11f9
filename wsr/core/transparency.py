"""The append-only, hash-chained transparency log (format: docs/transparency-log.md).

Each stream (one per program: ``program:<public id>``) is a chain of entries. An entry's hash is
SHA-256 over the canonical JSON of ``{"v", "stream", "seq", "time", "kind", "payload", "prev"}``
(keys sorted, no spaces, UTF-8). The first entry's ``prev`` is 64 zeros. Those exact bytes are
stored with the entry (``canonical``), published as they are, and are the leaf of the stream's
Merkle tree (RFC 9162: leaf hash = SHA-256(0x00 || bytes)); ``wsr.core.log_tree`` serves proofs
and signed tree heads. Verification never rebuilds JSON: it hashes the stored bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from nacl.exceptions import BadSignatureError

from wsr.core import clock, merkle
from wsr.core.errors import ConcurrentChange, CoreErrorCode, DomainError
from wsr.core.log_tree import format_time, head_frontier, signed_heads, signing_key, tree_head_message
from wsr.core.log_tree import key_id as make_key_id
from wsr.core.models import TransparencyEntry, TransparencyHead, TransparencyNode

FORMAT_VERSION = 1
GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_bytes(*, stream: str, seq: int, time: dt.datetime, kind: str, payload: Any, prev: str) -> bytes:
    """The canonical bytes of an entry: what is hashed, stored and published."""
    body = {
        "v": FORMAT_VERSION,
        "stream": stream,
        "seq": seq,
        "time": format_time(time),
        "kind": kind,
        "payload": payload,
        "prev": prev,
    }
    return canonical_json(body)


def entry_hash(*, stream: str, seq: int, time: dt.datetime, kind: str, payload: Any, prev: str) -> str:
    return hashlib.sha256(
        entry_bytes(stream=stream, seq=seq, time=time, kind=kind, payload=payload, prev=prev)
    ).hexdigest()


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
                raise DomainError(f"{path}: keys must be strings", code=CoreErrorCode.TRANSPARENCY_PAYLOAD_INVALID)
            _check_payload(item, f"{path}.{key}")
        return
    raise DomainError(
        f"{path}: {type(value).__name__} is not allowed in a transparency payload",
        code=CoreErrorCode.TRANSPARENCY_PAYLOAD_INVALID,
    )


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
        frontier = head_frontier(head)
        entries: list[TransparencyEntry] = []
        nodes: list[TransparencyNode] = []
        moment = clock.now()
        for kind, payload in items:
            seq += 1
            data = entry_bytes(stream=stream, seq=seq, time=moment, kind=kind, payload=payload, prev=prev)
            digest = hashlib.sha256(data).hexdigest()
            leaf = merkle.leaf_hash(data)
            entries.append(
                TransparencyEntry(
                    stream=stream,
                    seq=seq,
                    recorded_at=moment,
                    kind=kind,
                    payload=payload,
                    prev_hash=prev,
                    entry_hash=digest,
                    canonical=data,
                    leaf_hash=leaf,
                )
            )
            nodes.extend(
                TransparencyNode(stream=stream, level=level, index=index, hash=h)
                for level, index, h in frontier.append(leaf)
            )
            prev = digest
        TransparencyEntry.objects.bulk_create(entries, batch_size=1000)
        TransparencyNode.objects.bulk_create(nodes, batch_size=1000)
        moved = TransparencyHead.objects.filter(stream=stream, seq=head.seq).update(
            seq=seq, head_hash=prev, frontier=frontier.pack()
        )
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


def _columns_problem(row: TransparencyEntry, data: bytes) -> str:
    """The columns are an index for queries; the hashed bytes are the entry. Do they agree?"""
    try:
        body = json.loads(data)
    except ValueError:
        return "stored bytes are not JSON (edited)"
    shown = {
        "v": FORMAT_VERSION,
        "stream": row.stream,
        "seq": row.seq,
        "time": format_time(row.recorded_at),
        "kind": row.kind,
        "payload": row.payload,
        "prev": row.prev_hash,
    }
    if body != shown:
        fields = ", ".join(sorted(k for k in shown if body.get(k) != shown[k]))
        return f"columns ({fields}) differ from the hashed bytes (edited)"
    return ""


def _walk(stream: str, rows: Iterator[TransparencyEntry], head: TransparencyHead | None) -> VerifyResult:
    heads = {h.tree_size: h for h in signed_heads(stream)}
    frontier = merkle.Frontier()
    expected_seq, prev, count = 1, GENESIS_HASH, 0
    for row in rows:
        count += 1
        if row.seq != expected_seq:
            problem = "missing entry before this one" if row.seq > expected_seq else "duplicate sequence"
            return VerifyResult(stream, count, False, row.seq, f"expected seq {expected_seq}: {problem}")
        if row.prev_hash != prev:
            return VerifyResult(stream, count, False, row.seq, "previous-hash link does not match the entry before")
        data = bytes(row.canonical)
        if hashlib.sha256(data).hexdigest() != row.entry_hash:
            return VerifyResult(stream, count, False, row.seq, "content does not match its hash (edited)")
        problem = _columns_problem(row, data)
        if problem:
            return VerifyResult(stream, count, False, row.seq, problem)
        leaf = merkle.leaf_hash(data)
        if bytes(row.leaf_hash) != leaf:
            return VerifyResult(stream, count, False, row.seq, "stored leaf hash does not match the entry")
        frontier.append(leaf)
        signed = heads.get(frontier.size)
        if signed is not None and signed.root_hash != frontier.root():
            return VerifyResult(stream, count, False, row.seq, f"signed head of size {signed.tree_size}: wrong root")
        prev = row.entry_hash
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
    if bytes(head.frontier) and head.frontier != frontier.pack():
        return VerifyResult(stream, count, False, None, "the head's Merkle right edge does not match the entries")
    for size, signed in heads.items():
        if size > last_seq:
            return VerifyResult(stream, count, False, None, f"a signed head of size {size} is beyond the log's end")
        message = tree_head_message(stream=stream, size=size, root=signed.root_hash, time=signed.timestamp)
        if not _signature_ok(signed.key_id, message, signed.signature):
            return VerifyResult(stream, count, False, None, f"the signed head of size {size} has a bad signature")
    return VerifyResult(stream, count, True)


def _signature_ok(key_id: str, message: bytes, signature: bytes) -> bool:
    verify_key = signing_key().verify_key
    if make_key_id(bytes(verify_key)) != key_id:
        return True  # signed by an earlier key, which this server no longer holds: not checkable here
    try:
        verify_key.verify(message, signature)
    except BadSignatureError:
        return False
    return True


def transparency_verify(stream: str | None = None) -> list[VerifyResult]:
    """Recompute every chain (or one) from the stored bytes, the Merkle tree and its signed heads,
    and report the first broken entry of each."""
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
