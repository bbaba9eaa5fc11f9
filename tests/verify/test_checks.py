"""wsr_verify's export check on bundles larger than its 4096-entry blocks (no server, no database):
the block-wise tree equals the RFC tree hash, earlier heads inside and at block edges are checked,
and tampering anywhere is caught."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from nacl.signing import SigningKey

from tests.core.test_merkle import naive_mth
from wsr_verify.checks import HEAD_FORMAT, Head, check_export

KEY = SigningKey(b"v" * 32)
PUBLIC = bytes(KEY.verify_key)
STREAM = "program:prg_offline"


def _entries(n: int) -> list[bytes]:
    out, prev = [], "0" * 64
    for i in range(n):
        data = json.dumps({"seq": i + 1, "prev": prev, "payload": {"n": i}}, sort_keys=True, separators=(",", ":"))
        out.append(data.encode())
        prev = hashlib.sha256(data.encode()).hexdigest()
    return out


def _head(entries: list[bytes]) -> dict[str, object]:
    root = naive_mth(entries)
    head = Head(STREAM, len(entries), root, "2026-12-01T00:00:00.000000Z", hashlib.sha256(PUBLIC).hexdigest(), b"")
    signature = KEY.sign(head.message()).signature
    return {
        "format": HEAD_FORMAT,
        "stream": STREAM,
        "tree_size": len(entries),
        "root_hash": base64.b64encode(root).decode(),
        "timestamp": head.timestamp,
        "key_id": head.key_id,
        "signature": base64.b64encode(signature).decode(),
    }


def _bundle(tmp_path, entries: list[bytes], head: dict[str, object]):
    path = tmp_path / "log.jsonl"
    header = json.dumps({"format": "wsr-log-export/1", "head": head}).encode()
    path.write_bytes(b"\n".join([header, *entries]) + b"\n")
    return path


ENTRIES = _entries(2 * 4096 + 5)


@pytest.mark.parametrize("earlier", [[1], [4096], [5000, 8192], [8197]])
def test_block_wise_tree_matches_the_rfc_and_checks_earlier_heads(tmp_path, earlier):
    path = _bundle(tmp_path, ENTRIES, _head(ENTRIES))
    heads = [Head.from_json(_head(ENTRIES[:size])) for size in earlier]
    report = check_export(path, PUBLIC, earlier=heads, chain=True)
    assert report.problems == []
    assert (report.entries, report.root) == (len(ENTRIES), naive_mth(ENTRIES))


def test_a_change_deep_in_the_second_block_is_caught(tmp_path):
    tampered = list(ENTRIES)
    tampered[6000] = tampered[6000].replace(b'"n":6000', b'"n":6')
    report = check_export(_bundle(tmp_path, tampered, _head(ENTRIES)), PUBLIC)
    assert report.problems == ["entries do not hash to the signed root: an entry was changed, added or removed"]


def test_an_earlier_head_from_another_history_is_a_fork(tmp_path):
    other = _entries(5000)
    other[10] = b'{"forged":true}'
    report = check_export(_bundle(tmp_path, ENTRIES, _head(ENTRIES)), PUBLIC, earlier=[Head.from_json(_head(other))])
    assert report.problems == ["FORK: the earlier head of size 5000 is not a prefix of this log"]


def test_the_chain_check_names_a_broken_link(tmp_path):
    broken = list(ENTRIES)
    body = json.loads(broken[4100])
    broken[4100] = json.dumps({**body, "prev": "0" * 64}, sort_keys=True, separators=(",", ":")).encode()
    report = check_export(_bundle(tmp_path, broken, _head(broken)), PUBLIC, chain=True)
    assert report.problems == ["entry 4100: previous-hash link broken"]
