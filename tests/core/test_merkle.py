"""wsr.core.merkle against a naive, literal transcription of RFC 9162 2.1 (random tree sizes), and
its proofs checked by the stand-alone verifier's RFC verification algorithms."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from wsr.core import merkle
from wsr_verify import merkle as check


def _entries(n: int) -> list[bytes]:
    return [f'{{"seq":{i + 1}}}'.encode() for i in range(n)]


# --- the naive implementation: recursion over lists, exactly as the RFC writes it -------------
def naive_mth(d: list[bytes]) -> bytes:
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return hashlib.sha256(b"\x00" + d[0]).digest()
    k = merkle.split_point(len(d))
    return hashlib.sha256(b"\x01" + naive_mth(d[:k]) + naive_mth(d[k:])).digest()


def naive_path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = merkle.split_point(len(d))
    if m < k:
        return [*naive_path(m, d[:k]), naive_mth(d[k:])]
    return [*naive_path(m - k, d[k:]), naive_mth(d[:k])]


def naive_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [naive_mth(d)]
    k = merkle.split_point(n)
    if m <= k:
        return [*naive_subproof(m, d[:k], b), naive_mth(d[k:])]
    return [*naive_subproof(m - k, d[k:], False), naive_mth(d[:k])]


def naive_proof(m: int, d: list[bytes]) -> list[bytes]:
    return naive_subproof(m, d, True) if 0 < m < len(d) else []


# --- the server's shape: perfect-subtree hashes looked up from a table -------------------------
def _table(d: list[bytes]) -> dict[merkle.Node, bytes]:
    frontier = merkle.Frontier()
    table: dict[merkle.Node, bytes] = {}
    for i, entry in enumerate(d):
        leaf = merkle.leaf_hash(entry)
        table[(0, i)] = leaf
        for level, index, digest in frontier.append(leaf):
            table[(level, index)] = digest
    return table


def _hashes(ranges: list[merkle.Range], table: dict[merkle.Node, bytes]) -> list[bytes]:
    return [merkle.range_hash(a, b, table.__getitem__) for a, b in ranges]


sizes = st.integers(min_value=1, max_value=300)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), n=sizes)
def test_inclusion_proofs_match_the_rfc_and_verify(data, n):
    d = _entries(n)
    table = _table(d)
    size = data.draw(st.integers(min_value=1, max_value=n), label="size")
    index = data.draw(st.integers(min_value=0, max_value=size - 1), label="index")
    root = merkle.range_hash(0, size, table.__getitem__)
    assert root == naive_mth(d[:size])
    path = _hashes(merkle.inclusion_ranges(index, size), table)
    assert path == naive_path(index, d[:size])
    leaf = merkle.leaf_hash(d[index])
    assert check.verify_inclusion(index=index, size=size, leaf=leaf, path=path, root=root)
    # any other leaf, index or root is refused
    other = merkle.leaf_hash(b"forged")
    assert not check.verify_inclusion(index=index, size=size, leaf=other, path=path, root=root)
    if size > 1:
        assert not check.verify_inclusion(index=(index + 1) % size, size=size, leaf=leaf, path=path, root=root)
    assert not check.verify_inclusion(index=index, size=size, leaf=leaf, path=path, root=naive_mth(d[: size - 1]))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), n=sizes)
def test_consistency_proofs_match_the_rfc_and_verify(data, n):
    d = _entries(n)
    table = _table(d)
    second = data.draw(st.integers(min_value=1, max_value=n), label="second")
    first = data.draw(st.integers(min_value=1, max_value=second), label="first")
    proof = _hashes(merkle.consistency_ranges(first, second), table)
    assert proof == naive_proof(first, d[:second])
    r1, r2 = naive_mth(d[:first]), naive_mth(d[:second])
    assert check.verify_consistency(first=first, second=second, first_root=r1, second_root=r2, proof=proof)
    # a first tree whose history differs (a fork) is refused
    forked = naive_mth([b"forged", *d[1:first]])
    assert not check.verify_consistency(first=first, second=second, first_root=forked, second_root=r2, proof=proof)
    if proof:
        bad = [proof[0][:-1] + bytes([proof[0][-1] ^ 1]), *proof[1:]]
        assert not check.verify_consistency(first=first, second=second, first_root=r1, second_root=r2, proof=bad)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=0, max_value=600))
def test_frontier_root_and_stream_root_equal_the_rfc_tree_hash(n):
    d = _entries(n)
    frontier = merkle.Frontier()
    for entry in d:
        frontier.append(merkle.leaf_hash(entry))
    assert frontier.root() == naive_mth(d)
    assert merkle.Frontier.unpack(n, frontier.pack()).root() == naive_mth(d)
    assert check.root_from_entries(d) == (n, naive_mth(d))
    assert merkle.root_from_leaf_hashes(merkle.leaf_hash(e) for e in d) == (n, naive_mth(d))


def test_known_small_trees():
    d = _entries(3)
    l0, l1, l2 = (merkle.leaf_hash(e) for e in d)
    assert merkle.range_nodes(0, 3) == [(1, 0), (0, 2)]
    assert naive_mth(d) == merkle.node_hash(merkle.node_hash(l0, l1), l2)
    assert merkle.inclusion_ranges(2, 3) == [(0, 2)]
    assert merkle.consistency_ranges(1, 3) == [(1, 2), (2, 3)]
    assert merkle.consistency_ranges(2, 3) == [(2, 3)]
    assert merkle.consistency_ranges(3, 3) == []


def test_verifier_refuses_nonsense_sizes():
    leaf = merkle.leaf_hash(b"x")
    assert not check.verify_inclusion(index=0, size=0, leaf=leaf, path=[], root=leaf)
    assert not check.verify_inclusion(index=1, size=1, leaf=leaf, path=[], root=leaf)
    assert not check.verify_consistency(first=3, second=2, first_root=leaf, second_root=leaf, proof=[])
    assert check.verify_consistency(first=0, second=5, first_root=merkle.EMPTY_ROOT, second_root=leaf, proof=[])
