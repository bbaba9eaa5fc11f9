"""The transparency log's Merkle tree in the database: stored bytes and leaves, cached subtrees,
proofs checked by the stand-alone verifier, signed heads, and the production key rule."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from nacl.signing import SigningKey, VerifyKey

from wsr.core import log_tree, merkle
from wsr.core.models import TransparencyEntry, TransparencyHead, TransparencyNode, TransparencySignedHead
from wsr.core.transparency import transparency_append, transparency_append_many, transparency_verify
from wsr_verify import merkle as check
from wsr_verify.checks import Head, check_head

pytestmark = pytest.mark.django_db
STREAM = "program:prg_tree"


def _fill(n: int, start: int = 0) -> list[TransparencyEntry]:
    return transparency_append_many(stream=STREAM, items=[("fact", {"n": i}) for i in range(start, start + n)])


def _leaves() -> list[bytes]:
    return [
        bytes(d)
        for d in TransparencyEntry.objects.filter(stream=STREAM).order_by("seq").values_list("canonical", flat=True)
    ]


def test_each_entry_stores_the_bytes_it_was_hashed_from_and_its_leaf():
    entry = transparency_append(stream=STREAM, kind="fact", payload={"name": "Fábrica", "n": 1})
    row = TransparencyEntry.objects.get(pk=entry.pk)
    data = bytes(row.canonical)
    assert hashlib.sha256(data).hexdigest() == row.entry_hash
    assert bytes(row.leaf_hash) == hashlib.sha256(b"\x00" + data).digest()
    assert data.startswith(b'{"kind":"fact","payload":{"n":1,"name":"F\xc3\xa1brica"},"prev":"000')


def test_appends_in_several_batches_cache_every_completed_subtree():
    _fill(3)
    transparency_append(stream=STREAM, kind="fact", payload={"n": 3})
    _fill(3, start=4)
    nodes = set(TransparencyNode.objects.filter(stream=STREAM).values_list("level", "index"))
    assert nodes == {(1, 0), (1, 1), (1, 2), (2, 0)}
    head = TransparencyHead.objects.get(stream=STREAM)
    assert head.seq == 7
    assert merkle.Frontier.unpack(7, bytes(head.frontier)).root() == check.root_from_entries(_leaves())[1]


def test_inclusion_and_consistency_proofs_from_the_database_verify():
    _fill(13)
    leaves = _leaves()
    for size in range(1, 14):
        root = check.root_from_entries(leaves[:size])[1]
        assert log_tree.root_at(STREAM, size) == root
        for index in range(size):
            path = log_tree.inclusion_proof(STREAM, index=index, size=size)
            assert check.verify_inclusion(
                index=index, size=size, leaf=check.leaf_hash(leaves[index]), path=path, root=root
            )
        for first in range(0, size + 1):
            proof = log_tree.consistency_proof(STREAM, first=first, second=size)
            first_root = check.root_from_entries(leaves[:first])[1]
            assert check.verify_consistency(
                first=first, second=size, first_root=first_root, second_root=root, proof=proof
            )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: log_tree.inclusion_proof(STREAM, index=5, size=5), "index=5 is not in a tree of size 5"),
        (lambda: log_tree.inclusion_proof(STREAM, index=0, size=6), "size=6 is larger than the tree (5 entries)"),
        (lambda: log_tree.consistency_proof(STREAM, first=4, second=3), "first=4 is larger than second=3"),
        (lambda: log_tree.consistency_proof(STREAM, first=1, second=9), "second=9 is larger than the tree"),
        (lambda: log_tree.entries_page(STREAM, start=3, end=2), "start=3 is after end=2"),
        (lambda: log_tree.entries_page(STREAM, start=5, end=9), "start=5 is not in the log"),
    ],
)
def test_proofs_a_tree_cannot_give_are_refused_with_a_reason(call, message):
    _fill(5)
    with pytest.raises(log_tree.LogRequestError) as exc:
        call()
    assert message in str(exc.value.message)


def test_signed_head_verifies_with_the_published_key_and_is_reused_until_the_log_grows():
    _fill(4)
    first = log_tree.signed_head(STREAM)
    key = log_tree.public_key_info()
    public = base64.b64decode(key["public_key"])
    assert key["key_id"] == hashlib.sha256(public).hexdigest() == first.key_id
    assert first.tree_size == 4
    assert first.root_hash == check.root_from_entries(_leaves())[1]
    assert check_head(Head.from_json(first.as_json()), public) == []
    VerifyKey(public).verify(
        log_tree.tree_head_message(stream=STREAM, size=4, root=first.root_hash, time=first.timestamp), first.signature
    )
    assert log_tree.signed_head(STREAM) == first
    _fill(1, start=4)
    second = log_tree.signed_head(STREAM)
    assert second.tree_size == 5
    assert TransparencySignedHead.objects.filter(stream=STREAM).count() == 2


def test_verify_checks_the_stored_bytes_leaves_and_signed_heads():
    _fill(6)
    log_tree.signed_head(STREAM)
    assert [r.ok for r in transparency_verify(STREAM)] == [True]

    row = TransparencyEntry.objects.get(stream=STREAM, seq=4)
    TransparencyEntry.objects.filter(pk=row.pk).update(canonical=bytes(row.canonical).replace(b'"n":3', b'"n":7'))
    (result,) = transparency_verify(STREAM)
    assert (result.ok, result.broken_seq, result.problem) == (False, 4, "content does not match its hash (edited)")

    TransparencyEntry.objects.filter(pk=row.pk).update(canonical=row.canonical, leaf_hash=b"\x00" * 32)
    (result,) = transparency_verify(STREAM)
    assert (result.ok, result.broken_seq) == (False, 4)
    assert "leaf hash" in result.problem


def test_verify_detects_a_forged_signed_head():
    _fill(3)
    log_tree.signed_head(STREAM)
    TransparencySignedHead.objects.filter(stream=STREAM).update(root_hash=b"\x01" * 32)
    (result,) = transparency_verify(STREAM)
    assert not result.ok
    assert "signed head of size 3: wrong root" in result.problem


def test_export_bundle_is_the_signed_head_then_each_entry_on_its_own_line(tmp_path):
    _fill(5)
    path = tmp_path / "log.jsonl"
    with path.open("wb") as out:
        assert log_tree.export_stream(STREAM, out) == 5
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert lines[1:-1] == _leaves()
    assert b'"format": "wsr-log-export/1"' in lines[0]


def _settings_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "WSR_GENERATE_SECRETS", "DJANGO_DEBUG"}}
    env.pop("WSR_LOG_SIGNING_KEY", None)
    env.update(
        {"SECRET_KEY": "x" * 50, "WSR_MASTER_KEY": base64.urlsafe_b64encode(b"k" * 32).decode(), "WSR_PEPPER": "p" * 32}
    )
    env.update(extra)
    return env


def _load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "import config.settings as s; print(s.WSR_LOG_SIGNING_KEY)"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_signing_key():
    refused = _load_settings(_settings_env())
    assert refused.returncode != 0
    assert "ImproperlyConfigured: WSR_LOG_SIGNING_KEY not set" in refused.stderr
    seed = base64.b64encode(b"s" * 32).decode()
    started = _load_settings(_settings_env(WSR_LOG_SIGNING_KEY=seed))
    assert (started.returncode, started.stdout.strip()) == (0, seed)


def test_a_configured_key_signs_and_a_demo_key_is_generated_once(settings, tmp_path):
    seed = b"s" * 32
    settings.WSR_LOG_SIGNING_KEY = base64.b64encode(seed).decode()
    assert bytes(log_tree.signing_key()) == bytes(SigningKey(seed))
    assert log_tree.public_key_info()["key_id"] == hashlib.sha256(bytes(SigningKey(seed).verify_key)).hexdigest()

    settings.WSR_LOG_SIGNING_KEY = ""
    settings.WSR_LOG_SIGNING_KEY_FILE = tmp_path / "log-signing-key"
    generated = log_tree.public_key_info()
    assert (tmp_path / "log-signing-key").stat().st_mode & 0o777 == 0o600
    log_tree._signing_key.cache_clear()
    assert log_tree.public_key_info() == generated


def test_export_log_command_writes_the_bundle_and_names_an_unknown_program(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from tests.factories import ProgramFactory

    program = ProgramFactory(slug="cmd-log")
    transparency_append_many(stream=program.log_stream, items=[("fact", {"n": i}) for i in range(3)])
    path = tmp_path / "log.jsonl"
    out = StringIO()
    call_command("export_log", "cmd-log", "-o", str(path), stdout=out)
    assert f"3 entries of {program.log_stream} written" in out.getvalue()
    assert len(path.read_bytes().split(b"\n")) == 5  # header, 3 entries, final newline
    with pytest.raises(CommandError, match="No public program 'nope'"):
        call_command("export_log", "nope", "-o", str(path))
