"""The transparency log as a Merkle tree (RFC 9162 style): proofs, signed tree heads, exports.

Each stream's entries are the leaves of a tree, leaf ``i`` being the entry with ``seq = i + 1``.
Appends (``wsr.core.transparency``) store every perfect subtree hash they complete, so any root,
audit path or consistency proof is one or two indexed look-ups of at most ~2 log2(n) rows plus as
many hashes: constant work per proof whatever the size. Heads are signed with Ed25519; the key id is
the hex SHA-256 of the raw public key. Formats: docs/transparency-log.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from nacl.signing import SigningKey

from wsr.core import clock, merkle
from wsr.core.errors import CoreErrorCode, DomainError
from wsr.core.models import TransparencyEntry, TransparencyHead, TransparencyNode, TransparencySignedHead

HEAD_FORMAT = "wsr-tree-head/1"
EXPORT_FORMAT = "wsr-log-export/1"
MAX_PAGE = 1000
# Indices and sizes beyond this are refused before any query (the database holds 63-bit integers).
MAX_INDEX = 2**62


class LogRequestError(DomainError):
    """A proof or page asked of a tree that cannot answer it (the API answers 422)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code=CoreErrorCode.LOG_BAD_REQUEST)


# --- the signing key ---------------------------------------------------------------------------
def _seed_from_setting() -> bytes | None:
    value = settings.WSR_LOG_SIGNING_KEY
    if not value:
        return None
    try:
        seed = base64.b64decode(value, validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured("WSR_LOG_SIGNING_KEY is not valid base64.") from exc
    if len(seed) != 32:
        raise ImproperlyConfigured("WSR_LOG_SIGNING_KEY must be the base64 of 32 bytes (an Ed25519 seed).")
    return seed


def _seed_from_file(path: Path) -> bytes:
    """Read the demo key, creating it atomically (O_EXCL, mode 0600) on first use."""
    if not path.exists():
        encoded = base64.b64encode(os.urandom(32))
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process won the race: read theirs
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(encoded)
            return base64.b64decode(encoded)
    seed = base64.b64decode(path.read_bytes().strip())
    if len(seed) != 32:
        raise ImproperlyConfigured(f"{path} does not hold a base64 32-byte Ed25519 seed.")
    return seed


@lru_cache(maxsize=4)
def _signing_key(setting: str, path: str, generate: bool) -> SigningKey:
    seed = _seed_from_setting()
    if seed is None:
        if not generate:
            raise ImproperlyConfigured("WSR_LOG_SIGNING_KEY not set (see docs/transparency-log.md).")
        seed = _seed_from_file(Path(path))
    return SigningKey(seed)


def signing_key() -> SigningKey:
    return _signing_key(
        settings.WSR_LOG_SIGNING_KEY, str(settings.WSR_LOG_SIGNING_KEY_FILE), bool(settings.WSR_GENERATE_SECRETS)
    )


def key_id(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()


def public_key_info() -> dict[str, str]:
    public = bytes(signing_key().verify_key)
    return {"algorithm": "Ed25519", "key_id": key_id(public), "public_key": base64.b64encode(public).decode()}


# --- node look-ups and proofs --------------------------------------------------------------------
def node_hashes(stream: str, nodes: set[merkle.Node]) -> dict[merkle.Node, bytes]:
    """Hashes of perfect subtrees in one query: level 0 from the entries' leaf hashes, higher levels
    from the cache. Raw SQL: building this OR of a few dozen terms through the ORM costs more than
    running it (each term is an exact match on a primary-key or unique index)."""
    if not nodes:
        return {}
    qn = connection.ops.quote_name
    parts: list[str] = []
    params: list[str | int] = []
    leaves = sorted(index + 1 for level, index in nodes if level == 0)
    if leaves:
        marks = ", ".join(["%s"] * len(leaves))
        parts.append(
            f"SELECT 0, {qn('seq')} - 1, {qn('leaf_hash')} FROM {qn(TransparencyEntry._meta.db_table)} "  # noqa: S608
            f"WHERE {qn('stream')} = %s AND {qn('seq')} IN ({marks})"
        )
        params += [stream, *leaves]
    upper = sorted((level, index) for level, index in nodes if level > 0)
    if upper:
        term = f"({qn('stream')} = %s AND {qn('level')} = %s AND {qn('index')} = %s)"
        parts.append(
            f"SELECT {qn('level')}, {qn('index')}, {qn('hash')} FROM {qn(TransparencyNode._meta.db_table)} "  # noqa: S608
            f"WHERE {' OR '.join([term] * len(upper))}"
        )
        for level, index in upper:
            params += [stream, level, index]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {(int(level), int(index)): bytes(digest) for level, index, digest in cursor.fetchall()}


def _hashes_of(stream: str, ranges: list[merkle.Range]) -> list[bytes]:
    found = node_hashes(stream, merkle.nodes_for(ranges))

    def get(node: merkle.Node) -> bytes:
        try:
            return found[node]
        except KeyError:
            raise DomainError(
                f"The Merkle tree of {stream} lacks node {node}: run manage.py verify_log.",
                code=CoreErrorCode.LOG_TREE_INCOMPLETE,
            ) from None

    return [merkle.range_hash(start, end, get) for start, end in ranges]


def tree_size(stream: str) -> int:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:  # raw: on the proof path, where every 100 us counts
        cursor.execute(
            f"SELECT {qn('seq')} FROM {qn(TransparencyHead._meta.db_table)} WHERE {qn('stream')} = %s",  # noqa: S608
            [stream],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _check_size(name: str, value: int, size: int) -> None:
    if value > size:
        raise LogRequestError(f"{name}={value} is larger than the tree ({size} entries).")


def root_at(stream: str, size: int) -> bytes:
    _check_size("size", size, tree_size(stream))
    return _hashes_of(stream, [(0, size)])[0] if size else merkle.EMPTY_ROOT


def inclusion_proof(stream: str, *, index: int, size: int) -> list[bytes]:
    _check_size("size", size, tree_size(stream))
    if size < 1:
        raise LogRequestError("size must be at least 1: the empty tree includes nothing.")
    if index >= size:
        raise LogRequestError(f"index={index} is not in a tree of size {size} (indices run 0 to {size - 1}).")
    return _hashes_of(stream, merkle.inclusion_ranges(index, size))


def consistency_proof(stream: str, *, first: int, second: int) -> list[bytes]:
    if first > second:
        raise LogRequestError(f"first={first} is larger than second={second}.")
    _check_size("second", second, tree_size(stream))
    return _hashes_of(stream, merkle.consistency_ranges(first, second))


def head_frontier(head: TransparencyHead) -> merkle.Frontier:
    """The tree's right edge after ``head.seq`` leaves: stored on the head, or (a head written
    before the tree existed, or damaged) read back from the stored subtree hashes."""
    packed = bytes(head.frontier or b"")
    if len(packed) == 32 * bin(head.seq).count("1"):
        return merkle.Frontier.unpack(head.seq, packed)
    pieces = merkle.range_nodes(0, head.seq) if head.seq else []
    found = node_hashes(head.stream, set(pieces))
    if len(found) != len(pieces):
        raise DomainError(
            f"The Merkle tree of {head.stream} is incomplete: run manage.py verify_log.",
            code=CoreErrorCode.LOG_TREE_INCOMPLETE,
        )
    return merkle.Frontier(head.seq, [found[p] for p in pieces])


# --- signed tree heads ---------------------------------------------------------------------------
def format_time(moment: dt.datetime) -> str:
    """UTC with microseconds: the time format of entries and of signed heads."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def tree_head_message(*, stream: str, size: int, root: bytes, time: str) -> bytes:
    """The bytes an Ed25519 tree-head signature covers (one field per line, UTF-8)."""
    return f"{HEAD_FORMAT}\n{stream}\n{size}\n{root.hex()}\n{time}\n".encode()


@dataclass(frozen=True)
class SignedHead:
    stream: str
    tree_size: int
    root_hash: bytes
    timestamp: str
    key_id: str
    signature: bytes

    def as_json(self) -> dict[str, Any]:
        return {
            "format": HEAD_FORMAT,
            "stream": self.stream,
            "tree_size": self.tree_size,
            "root_hash": base64.b64encode(self.root_hash).decode(),
            "timestamp": self.timestamp,
            "key_id": self.key_id,
            "signature": base64.b64encode(self.signature).decode(),
        }


def _as_head(row: TransparencySignedHead) -> SignedHead:
    return SignedHead(
        row.stream, row.tree_size, bytes(row.root_hash), format_time(row.signed_at), row.key_id, bytes(row.signature)
    )


def signed_head(stream: str) -> SignedHead:
    """The signed head of the stream as it is now: the stored one for this size, or a new one."""
    head = TransparencyHead.objects.filter(stream=stream).first()
    size = head.seq if head else 0
    row = TransparencySignedHead.objects.filter(stream=stream, tree_size=size).first()
    key = signing_key()
    public_id = key_id(bytes(key.verify_key))
    if row is not None and row.key_id == public_id:
        return _as_head(row)
    root = head_frontier(head).root() if head else merkle.EMPTY_ROOT
    moment = clock.now()
    message = tree_head_message(stream=stream, size=size, root=root, time=format_time(moment))
    fields = {"root_hash": root, "signed_at": moment, "key_id": public_id, "signature": key.sign(message).signature}
    try:
        with transaction.atomic():
            row, _ = TransparencySignedHead.objects.update_or_create(stream=stream, tree_size=size, defaults=fields)
    except IntegrityError:  # another request signed this size at the same moment
        row = TransparencySignedHead.objects.get(stream=stream, tree_size=size)
    return _as_head(row)


def signed_heads(stream: str) -> Iterator[SignedHead]:
    for row in TransparencySignedHead.objects.filter(stream=stream).order_by("tree_size"):
        yield _as_head(row)


# --- pages and exports ---------------------------------------------------------------------------
def entries_page(stream: str, *, start: int, end: int) -> list[tuple[int, bytes]]:
    """(index, canonical bytes) of leaves start..end inclusive (at most MAX_PAGE of them)."""
    size = tree_size(stream)
    if start > end:
        raise LogRequestError(f"start={start} is after end={end}.")
    if start >= size:
        raise LogRequestError(f"start={start} is not in the log ({size} entries: indices 0 to {size - 1}).")
    end = min(end, size - 1, start + MAX_PAGE - 1)
    rows = TransparencyEntry.objects.filter(stream=stream, seq__gte=start + 1, seq__lte=end + 1).order_by("seq")
    return [(seq - 1, bytes(data)) for seq, data in rows.values_list("seq", "canonical")]


def export_lines(stream: str) -> Iterator[bytes]:
    """The offline bundle, line by line: a JSON header (format, signed head, public key), then
    each entry's canonical bytes, one per line, in order (canonical JSON never holds a raw
    newline). The head is signed first, and exactly the entries it covers follow."""
    head = signed_head(stream)
    header = {"format": EXPORT_FORMAT, "head": head.as_json(), "key": public_key_info()}
    yield json.dumps(header, sort_keys=True).encode() + b"\n"
    rows = TransparencyEntry.objects.filter(stream=stream, seq__lte=head.tree_size).order_by("seq")
    for data in rows.values_list("canonical", flat=True).iterator(chunk_size=5000):
        yield bytes(data) + b"\n"


def export_stream(stream: str, out: IO[bytes]) -> int:
    """Write the bundle to ``out``; return the number of entries written."""
    count = -1
    for line in export_lines(stream):
        out.write(line)
        count += 1
    return count
