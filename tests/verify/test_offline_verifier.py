"""python -m wsr_verify, run as its own process on files saved from the API (no server, no
database, no Django): it passes an honest log and catches a tampered entry, a removed entry, a
bad signature, a wrong key and a fork (a new head that does not extend a saved earlier one)."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import ProgramFactory
from wsr.core.models import TransparencyEntry, TransparencyHead, TransparencyNode, TransparencySignedHead
from wsr.core.transparency import transparency_append_many

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
BASE = "/api/v1/public/programs/open-log/log/"


def verifier(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The verifier as a member of the public runs it: a fresh interpreter, no settings."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "wsr_verify", *map(str, args)], env=env, cwd=ROOT, capture_output=True, text=True
    )


@pytest.fixture
def program():
    prog = ProgramFactory(slug="open-log")
    _append(prog, range(7))
    return prog


def _append(prog, numbers) -> None:
    transparency_append_many(stream=prog.log_stream, items=[("facility_covered", {"n": n}) for n in numbers])


def _save(tmp_path: Path, name: str, url: str, **params: object) -> Path:
    response = Client().get(url, params)
    assert response.status_code == 200, response.content
    path = tmp_path / name
    path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    return path


def _rewrite_history(prog) -> None:
    """A compromised server throws its log away and writes another (same key, same stream)."""
    stream = prog.log_stream
    for model in (TransparencyEntry, TransparencyNode, TransparencySignedHead, TransparencyHead):
        model.objects.filter(stream=stream).delete()
    _append(prog, range(100, 110))


def test_an_honest_log_verifies_offline(program, tmp_path):
    key = _save(tmp_path, "key.json", "/api/v1/public/log/key")
    old_head = _save(tmp_path, "old-head.json", BASE + "head")
    _append(program, range(7, 12))
    head = _save(tmp_path, "head.json", BASE + "head")
    bundle = _save(tmp_path, "log.jsonl", BASE + "export")
    consistency = _save(tmp_path, "consistency.json", BASE + "proof/consistency", first=7, second=12)
    inclusion = _save(tmp_path, "inclusion.json", BASE + "proof/inclusion", index=3, size=12)
    entry = json.loads(Client().get(BASE + "entries", {"start": 3, "end": 3}).content)["entries"][0]["entry"]

    result = verifier("export", bundle, "--key", key, "--earlier", old_head, "--chain")
    assert (result.returncode, result.stdout.splitlines()[-1]) == (0, "OK verified"), result.stdout + result.stderr
    assert "12 entries" in result.stdout
    assert verifier("head", head, "--key", key).returncode == 0
    result = verifier("consistency", "--old", old_head, "--new", head, "--proof", consistency, "--key", key)
    assert result.returncode == 0, result.stdout
    result = verifier("inclusion", "--head", head, "--proof", inclusion, "--entry-b64", entry, "--key", key)
    assert result.returncode == 0, result.stdout


def test_the_verifier_imports_neither_django_nor_the_server():
    code = (
        "import sys, wsr_verify.cli, wsr_verify.checks;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'wsr')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_tampered_entry_in_an_export_is_caught(program, tmp_path):
    key = _save(tmp_path, "key.json", "/api/v1/public/log/key")
    bundle = _save(tmp_path, "log.jsonl", BASE + "export")
    lines = bundle.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b'"n":3', b'"n":9')
    bundle.write_bytes(b"\n".join(lines))
    result = verifier("export", bundle, "--key", key)
    assert result.returncode == 1
    assert "FAIL entries do not hash to the signed root" in result.stdout


def test_an_entry_removed_from_an_export_is_caught(program, tmp_path):
    key = _save(tmp_path, "key.json", "/api/v1/public/log/key")
    bundle = _save(tmp_path, "log.jsonl", BASE + "export")
    lines = bundle.read_bytes().split(b"\n")
    bundle.write_bytes(b"\n".join(lines[:3] + lines[4:]))
    result = verifier("export", bundle, "--key", key)
    assert result.returncode == 1
    assert "FAIL export holds 6 entries, its head says 7" in result.stdout


def test_an_inclusion_proof_for_another_entry_fails(program, tmp_path):
    key = _save(tmp_path, "key.json", "/api/v1/public/log/key")
    head = _save(tmp_path, "head.json", BASE + "head")
    proof = _save(tmp_path, "inclusion.json", BASE + "proof/inclusion", index=2, size=7)
    other = json.loads(Client().get(BASE + "entries", {"start": 4, "end": 4}).content)["entries"][0]["entry"]
    result = verifier("inclusion", "--head", head, "--proof", proof, "--entry-b64", other, "--key", key)
    assert result.returncode == 1
    assert "entry is NOT at index 2" in result.stdout


def test_a_bad_signature_or_a_wrong_key_is_caught(program, tmp_path):
    key = _save(tmp_path, "key.json", "/api/v1/public/log/key")
    head = _save(tmp_path, "head.json", BASE + "head")
    data = json.loads(head.read_text())
    signature = bytearray(base64.b64decode(data["signature"]))
    signature[0] ^= 1
    data["signature"] = base64.b64encode(bytes(signature)).decode()
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data))
    result = verifier("head", forged, "--key", key)
    assert result.returncode == 1
    assert "BAD SIGNATURE" in result.stdout

    data = json.loads(head.read_text())
    data["tree_size"] += 1  # a head claiming more than was signed
    forged.write_text(json.dumps(data))
    assert "BAD SIGNATURE" in verifier("head", forged, "--key", key).stdout

    from nacl.signing import SigningKey

    stranger = base64.b64encode(bytes(SigningKey.generate().verify_key)).decode()
    result = verifier("head", head, "--key", stranger)
    assert result.returncode == 1
    assert "not the key given" in result.stdout


def test_a_fork_is_caught_by_proof_and_by_export(program, tmp_path):
    key = _save(tmp_path, "key.json", "/api/v1/public/log/key")
    old_head = _save(tmp_path, "old-head.json", BASE + "head")
    _rewrite_history(program)
    new_head = _save(tmp_path, "head.json", BASE + "head")
    proof = _save(tmp_path, "consistency.json", BASE + "proof/consistency", first=7, second=10)
    bundle = _save(tmp_path, "log.jsonl", BASE + "export")

    assert verifier("head", new_head, "--key", key).returncode == 0  # each head alone is validly signed
    result = verifier("consistency", "--old", old_head, "--new", new_head, "--proof", proof, "--key", key)
    assert result.returncode == 1
    assert "FAIL FORK: the head of size 10 does not extend the head of size 7" in result.stdout
    result = verifier("export", bundle, "--key", key, "--earlier", old_head)
    assert result.returncode == 1
    assert "FAIL FORK: the earlier head of size 7 is not a prefix of this log" in result.stdout


def test_unreadable_input_is_exit_2_with_a_reason(tmp_path):
    path = tmp_path / "nothing.json"
    path.write_text("[]")
    result = verifier("head", path, "--key", base64.b64encode(b"k" * 32).decode())
    assert result.returncode == 2
    assert "expected a JSON object" in result.stderr
