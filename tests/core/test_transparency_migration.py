"""Migration 0003 fills the canonical bytes, leaf hashes, cached subtrees and head frontier of
entries written before the Merkle tree existed, and the result verifies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wsr.core import log_tree
from wsr.core.models import TransparencyEntry, TransparencyHead, TransparencyNode
from wsr.core.transparency import GENESIS_HASH, entry_bytes, entry_hash, transparency_append, transparency_verify
from wsr_verify import merkle as check

BEFORE = [("core", "0002_task_runs_and_outbox")]
AFTER = [("core", "0003_transparency_merkle")]
STREAM = "program:prg_old"


@pytest.mark.django_db(transaction=True)
def test_existing_entries_get_their_bytes_leaves_and_tree():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Entry, Head = old.get_model("core", "TransparencyEntry"), old.get_model("core", "TransparencyHead")
    moment = dt.datetime(2026, 5, 1, 12, 0, 0, 123456, tzinfo=dt.UTC)
    prev = GENESIS_HASH
    for seq in range(1, 6):
        payload = {"n": seq, "name": "Fábrica Ñ"}
        digest = entry_hash(stream=STREAM, seq=seq, time=moment, kind="fact", payload=payload, prev=prev)
        Entry.objects.create(
            stream=STREAM, seq=seq, recorded_at=moment, kind="fact", payload=payload, prev_hash=prev, entry_hash=digest
        )
        prev = digest
    Head.objects.create(stream=STREAM, seq=5, head_hash=prev)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    rows = list(TransparencyEntry.objects.filter(stream=STREAM).order_by("seq"))
    assert bytes(rows[2].canonical) == entry_bytes(
        stream=STREAM, seq=3, time=moment, kind="fact", payload={"n": 3, "name": "Fábrica Ñ"}, prev=rows[1].entry_hash
    )
    assert all(bytes(r.leaf_hash) == check.leaf_hash(bytes(r.canonical)) for r in rows)
    assert set(TransparencyNode.objects.filter(stream=STREAM).values_list("level", "index")) == {(1, 0), (1, 1), (2, 0)}
    assert [r.ok for r in transparency_verify(STREAM)] == [True]
    # the log goes on growing from the filled-in frontier
    transparency_append(stream=STREAM, kind="fact", payload={"n": 6})
    leaves = [bytes(r.canonical) for r in TransparencyEntry.objects.filter(stream=STREAM).order_by("seq")]
    assert log_tree.signed_head(STREAM).root_hash == check.root_from_entries(leaves)[1]
    assert TransparencyHead.objects.get(stream=STREAM).seq == 6
