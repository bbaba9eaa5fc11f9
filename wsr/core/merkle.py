"""Merkle tree arithmetic of RFC 9162 (Certificate Transparency v2), section 2.1. Pure: no Django.

The tree over ``n`` entries ``D[0:n]`` is the RFC's Merkle Tree Hash:

    MTH({})        = SHA-256()
    MTH({d0})      = SHA-256(0x00 || d0)                     (a leaf)
    MTH(D[0:n])    = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))   k = largest power of 2 < n

Every hash the server needs (a root, an audit path, a consistency proof) is the MTH of a range of
leaves ``[start, end)``. Such a range splits into *perfect* subtrees: aligned blocks of ``2**level``
leaves, named ``(level, index)`` (the block ``[index * 2**level, (index + 1) * 2**level)``). The
server keeps the hash of every perfect subtree (level 0 in the entry row, higher levels in a table),
so a proof is a handful of look-ups plus at most ``log2(n)`` hashes, whatever the tree size.

This module turns sizes and indices into the ranges and nodes to look up, and combines looked-up
hashes into range hashes. Verification of proofs lives in the stand-alone ``wsr_verify`` package.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()

Node = tuple[int, int]  # (level, index): the perfect subtree over leaves [index << level, (index + 1) << level)
Range = tuple[int, int]  # [start, end) of leaf indices


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly below ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def _perfect(start: int, end: int) -> Node | None:
    size = end - start
    if size & (size - 1) == 0 and start % size == 0:
        return (size.bit_length() - 1, start // size)
    return None


def range_nodes(start: int, end: int) -> list[Node]:
    """The perfect subtrees whose hashes make MTH(D[start:end]), left to right."""
    if end <= start:
        raise ValueError("empty range")
    node = _perfect(start, end)
    if node is not None:
        return [node]
    k = split_point(end - start)
    return range_nodes(start, start + k) + range_nodes(start + k, end)


def range_hash(start: int, end: int, get: Callable[[Node], bytes]) -> bytes:
    """MTH(D[start:end]) from perfect-subtree hashes given by ``get``."""
    node = _perfect(start, end)
    if node is not None:
        return get(node)
    k = split_point(end - start)
    return node_hash(range_hash(start, start + k, get), range_hash(start + k, end, get))


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The audit path of leaf ``index`` in the tree of ``size`` leaves (RFC 9162 2.1.3.1), as leaf
    ranges whose MTH are the path's hashes, from the leaf's sibling up to the root's child."""
    if not 0 <= index < size:
        raise ValueError("index out of range")
    path: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start = start + k
    path.reverse()
    return path


def consistency_ranges(first: int, second: int) -> list[Range]:
    """The consistency proof between the trees of ``first`` and ``second`` leaves (RFC 9162
    2.1.4.1, SUBPROOF), as leaf ranges in the order the proof lists their hashes."""
    if not 0 <= first <= second:
        raise ValueError("need 0 <= first <= second")
    if first == 0 or first == second:
        return []
    proof: list[Range] = []
    m, start, end, complete = first, 0, second, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            proof.append((start + k, end))
            end = start + k
        else:
            proof.append((start, start + k))
            m -= k
            start += k
            complete = False
    if not complete:
        proof.append((start, end))
    proof.reverse()
    return proof


def nodes_for(ranges: Iterable[Range]) -> set[Node]:
    needed: set[Node] = set()
    for start, end in ranges:
        needed.update(range_nodes(start, end))
    return needed


def fold(hashes: list[bytes]) -> bytes:
    """Combine the hashes of consecutive perfect subtrees of decreasing size (a tree's frontier)
    into the tree's root: right to left, as MTH nests them."""
    if not hashes:
        return EMPTY_ROOT
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


class Frontier:
    """The right edge of a growing tree: one perfect-subtree hash per set bit of the size (a
    "compact range"). Appending a leaf yields every perfect subtree it completes, so a caller can
    store them; the root of the tree so far is ``root()``."""

    def __init__(self, size: int = 0, hashes: list[bytes] | None = None) -> None:
        self.size = size
        self.hashes = list(hashes or [])
        if len(self.hashes) != bin(size).count("1"):
            raise ValueError("a frontier holds one hash per set bit of the size")

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf hash; return the completed subtrees above level 0 as (level, index, hash)."""
        completed: list[tuple[int, int, bytes]] = []
        index, acc, level = self.size, leaf, 0
        while index & 1:
            acc = node_hash(self.hashes.pop(), acc)
            index >>= 1
            level += 1
            completed.append((level, index, acc))
        self.hashes.append(acc)
        self.size += 1
        return completed

    def root(self) -> bytes:
        return fold(self.hashes)

    def pack(self) -> bytes:
        return b"".join(self.hashes)

    @classmethod
    def unpack(cls, size: int, packed: bytes) -> Frontier:
        return cls(size, [packed[i : i + 32] for i in range(0, len(packed), 32)])


def root_from_leaf_hashes(leaves: Iterable[bytes]) -> tuple[int, bytes]:
    """(size, MTH) of a stream of leaf hashes, in O(log n) memory."""
    frontier = Frontier()
    for leaf in leaves:
        frontier.append(leaf)
    return frontier.size, frontier.root()
