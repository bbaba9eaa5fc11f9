"""The checks, as functions returning a list of problems (empty: verified)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from wsr_verify import merkle

HEAD_FORMAT = "wsr-tree-head/1"
EXPORT_FORMAT = "wsr-log-export/1"


class Unreadable(Exception):
    """A file or value that is not what it should be (not a verification failure)."""


def b64(value: Any, what: str, length: int | None = None) -> bytes:
    try:
        data = base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise Unreadable(f"{what} is not base64") from exc
    if length is not None and len(data) != length:
        raise Unreadable(f"{what} must be {length} bytes, got {len(data)}")
    return data


def load_json(path: str | Path) -> dict[str, Any]:
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Unreadable(f"{path}: {exc}") from exc
    if not isinstance(value, dict):
        raise Unreadable(f"{path}: expected a JSON object")
    return value


def load_key(value: str) -> bytes:
    """A public key: base64 text, or a file holding base64 or the server's /public/log/key JSON."""
    path = Path(value)
    if path.is_file():
        text = path.read_text(encoding="utf-8").strip()
        if text.startswith("{"):
            data = json.loads(text)
            text = data.get("public_key") or data.get("key", {}).get("public_key", "")
        value = text
    return b64(value, "public key", 32)


@dataclass(frozen=True)
class Head:
    stream: str
    tree_size: int
    root_hash: bytes
    timestamp: str
    key_id: str
    signature: bytes

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Head:
        data = data.get("head", data)  # an export's header line holds the head under "head"
        if data.get("format") != HEAD_FORMAT:
            raise Unreadable(f"not a tree head of format {HEAD_FORMAT}")
        try:
            size = int(data["tree_size"])
            return cls(
                str(data["stream"]),
                size,
                b64(data["root_hash"], "root_hash", 32),
                str(data["timestamp"]),
                str(data["key_id"]),
                b64(data["signature"], "signature", 64),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise Unreadable(f"tree head: {exc}") from exc

    def message(self) -> bytes:
        return f"{HEAD_FORMAT}\n{self.stream}\n{self.tree_size}\n{self.root_hash.hex()}\n{self.timestamp}\n".encode()


def check_head(head: Head, public_key: bytes) -> list[str]:
    problems = []
    if hashlib.sha256(public_key).hexdigest() != head.key_id:
        problems.append(f"head of size {head.tree_size} names key {head.key_id[:16]}…, not the key given")
    try:
        VerifyKey(public_key).verify(head.message(), head.signature)
    except BadSignatureError:
        problems.append(f"head of size {head.tree_size}: BAD SIGNATURE")
    return problems


def read_export(path: str | Path) -> tuple[dict[str, Any], Iterator[bytes]]:
    """The bundle's header, and its entries' bytes one by one (read lazily, constant memory)."""
    try:
        with Path(path).open("rb") as fh:
            header = json.loads(fh.readline())
    except (OSError, ValueError) as exc:
        raise Unreadable(f"{path}: first line is not the JSON header ({exc})") from exc
    if not isinstance(header, dict) or header.get("format") != EXPORT_FORMAT:
        raise Unreadable(f"{path}: not a {EXPORT_FORMAT} bundle")

    def entries() -> Iterator[bytes]:
        with Path(path).open("rb") as fh:
            fh.readline()
            for line in fh:
                yield line[:-1] if line.endswith(b"\n") else line

    return header, entries()


def _chain_problem(index: int, data: bytes, prev: str) -> str:
    try:
        body = json.loads(data)
    except ValueError:
        return f"entry {index}: not JSON"
    if body.get("seq") != index + 1:
        return f"entry {index}: seq {body.get('seq')} where {index + 1} was expected"
    if body.get("prev") != prev:
        return f"entry {index}: previous-hash link broken"
    return ""


@dataclass
class ExportReport:
    stream: str = ""
    entries: int = 0
    root: bytes = b""
    problems: list[str] | None = None


CHUNK_LEVEL = 12  # entries are hashed in aligned blocks of 4096: one perfect subtree each


def _subtree_root(hashes: list[bytes]) -> bytes:
    sha = hashlib.sha256
    while len(hashes) > 1:
        pairs = iter(hashes)  # zip(pairs, pairs) walks the level two hashes at a time
        hashes = [sha(b"\x01" + left + right).digest() for left, right in zip(pairs, pairs, strict=True)]
    return hashes[0]


class _Tree:
    """A growing tree's right edge, fed whole aligned subtrees (level k) or single leaves."""

    def __init__(self) -> None:
        self.size = 0
        self.stack: list[bytes] = []

    def add(self, digest: bytes, level: int = 0) -> None:
        n = self.size >> level
        while n & 1:
            digest = merkle.node_hash(self.stack.pop(), digest)
            n >>= 1
        self.stack.append(digest)
        self.size += 1 << level

    def root(self) -> bytes:
        return _fold(self.stack) if self.stack else merkle.EMPTY_ROOT


def _blocks(path: str | Path) -> Iterator[list[bytes]]:
    """The bundle's entry lines (each ending in a newline), up to 4096 at a time, read at C speed."""
    with Path(path).open("rb") as fh:
        fh.readline()
        while lines := list(islice(fh, 1 << CHUNK_LEVEL)):
            if not lines[-1].endswith(b"\n"):
                lines[-1] += b"\n"
            yield lines


def check_export(
    path: str | Path,
    public_key: bytes,
    *,
    earlier: Sequence[Head] = (),
    chain: bool = False,
) -> ExportReport:
    """Recompute the tree over an export's entries; check it against the export's signed head and
    any earlier heads (each must be the root of a prefix: append-only, no fork)."""
    header, _ = read_export(path)
    head = Head.from_json(header)
    problems = check_head(head, public_key)
    wanted = {h.tree_size for h in earlier}
    roots: dict[int, bytes] = {}
    tree = _Tree()
    prev = "0" * 64
    sha = hashlib.sha256
    for block in _blocks(path):
        leaves = [sha(b"\x00" + line[:-1]).digest() for line in block]
        start = tree.size
        if chain:
            for offset, line in enumerate(block):
                data = line[:-1]
                problem = _chain_problem(start + offset, data, prev)
                if problem:
                    problems.append(problem)
                    chain = False  # the first broken link is the finding; later ones follow from it
                    break
                prev = sha(data).hexdigest()
        if len(leaves) == 1 << CHUNK_LEVEL and not any(start < size < start + len(leaves) for size in wanted):
            tree.add(_subtree_root(leaves), CHUNK_LEVEL)
        else:
            for leaf in leaves:
                tree.add(leaf)
                if tree.size in wanted:
                    roots[tree.size] = tree.root()
        if tree.size in wanted:
            roots[tree.size] = tree.root()
    size, root = tree.size, tree.root()
    if size != head.tree_size:
        problems.append(f"export holds {size} entries, its head says {head.tree_size}")
    elif root != head.root_hash:
        problems.append("entries do not hash to the signed root: an entry was changed, added or removed")
    for old in earlier:
        problems += check_head(old, public_key)
        if old.stream != head.stream:
            problems.append(f"earlier head is of another stream ({old.stream})")
        elif old.tree_size > size:
            problems.append(f"earlier head of size {old.tree_size} is larger than the log ({size}): entries removed")
        elif old.tree_size and roots.get(old.tree_size) != old.root_hash:
            problems.append(f"FORK: the earlier head of size {old.tree_size} is not a prefix of this log")
    return ExportReport(head.stream, size, root, problems)


def _fold(stack: list[bytes]) -> bytes:
    acc = stack[-1]
    for h in reversed(stack[:-1]):
        acc = merkle.node_hash(h, acc)
    return acc


def check_inclusion(head: Head, proof: dict[str, Any], entry: bytes) -> list[str]:
    try:
        index, size = int(proof["index"]), int(proof["tree_size"])
        path = [b64(h, "audit path hash", 32) for h in proof["audit_path"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise Unreadable(f"inclusion proof: {exc}") from exc
    if size != head.tree_size:
        return [f"proof is for a tree of {size} entries, the head has {head.tree_size}"]
    ok = merkle.verify_inclusion(index=index, size=size, leaf=merkle.leaf_hash(entry), path=path, root=head.root_hash)
    return [] if ok else [f"entry is NOT at index {index} of the signed tree of {size} entries"]


def check_consistency(old: Head, new: Head, proof: dict[str, Any]) -> list[str]:
    try:
        first, second = int(proof["first"]), int(proof["second"])
        path = [b64(h, "consistency hash", 32) for h in proof["consistency_path"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise Unreadable(f"consistency proof: {exc}") from exc
    if old.stream != new.stream:
        return ["the two heads are of different streams"]
    if (first, second) != (old.tree_size, new.tree_size):
        return [f"proof is for sizes {first}->{second}, the heads are {old.tree_size}->{new.tree_size}"]
    ok = merkle.verify_consistency(
        first=first, second=second, first_root=old.root_hash, second_root=new.root_hash, proof=path
    )
    return [] if ok else [f"FORK: the head of size {second} does not extend the head of size {first}"]
