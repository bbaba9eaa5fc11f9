"""Merkle tree checks of RFC 9162 section 2.1, written from the RFC (no server code shared).

Leaf hash = SHA-256(0x00 || entry bytes); node hash = SHA-256(0x01 || left || right).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()
_LEAF = hashlib.sha256(b"\x00")


def leaf_hash(data: bytes) -> bytes:
    h = _LEAF.copy()
    h.update(data)
    return h.digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_leaf_hashes(leaves: Iterable[bytes]) -> tuple[int, bytes]:
    """(size, root) of a stream of leaf hashes, keeping one hash per level (O(log n) memory)."""
    stack: list[bytes] = []
    size = 0
    sha = hashlib.sha256
    for leaf in leaves:
        acc = leaf
        n = size
        while n & 1:
            acc = sha(b"\x01" + stack.pop() + acc).digest()
            n >>= 1
        stack.append(acc)
        size += 1
    if not stack:
        return 0, EMPTY_ROOT
    acc = stack[-1]
    for h in reversed(stack[:-1]):
        acc = sha(b"\x01" + h + acc).digest()
    return size, acc


def root_from_entries(entries: Iterable[bytes]) -> tuple[int, bytes]:
    return root_from_leaf_hashes(leaf_hash(e) for e in entries)


def verify_inclusion(*, index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 2.1.3.2: is ``leaf`` (a leaf hash) at ``index`` of the tree of ``size`` with ``root``?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    *, first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 2.1.4.2: is the tree of ``second`` leaves an append-only extension of ``first``?"""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof  # the empty tree is a prefix of every tree
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0
