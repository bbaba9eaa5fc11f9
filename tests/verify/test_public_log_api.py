"""/api/v1/public/programs/{program}/log/...: head, entries, proofs; bad parameters are a 422
naming the problem, never a 500; every route documented in OpenAPI."""

from __future__ import annotations

import base64

import pytest
from django.test import Client

from tests.factories import ProgramFactory
from wsr.core.log_tree import MAX_PAGE
from wsr.core.models import TransparencyEntry, TransparencySignedHead
from wsr.core.transparency import transparency_append_many
from wsr_verify import merkle as check
from wsr_verify.checks import Head, check_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    prog = ProgramFactory(slug="fair-log")
    transparency_append_many(stream=prog.log_stream, items=[("fact", {"n": i}) for i in range(10)])
    return prog


def _url(tail: str) -> str:
    return f"/api/v1/public/programs/fair-log/log/{tail}"


def _entries(program) -> list[bytes]:
    rows = TransparencyEntry.objects.filter(stream=program.log_stream).order_by("seq")
    return [bytes(r) for r in rows.values_list("canonical", flat=True)]


def test_head_is_signed_by_the_published_key(program):
    client = Client()
    key = client.get("/api/v1/public/log/key").json()
    response = client.get(_url("head"))
    assert response.status_code == 200
    head = response.json()
    assert (head["stream"], head["tree_size"], head["key_id"]) == (program.log_stream, 10, key["key_id"])
    assert base64.b64decode(head["root_hash"]) == check.root_from_entries(_entries(program))[1]
    assert check_head(Head.from_json(head), base64.b64decode(key["public_key"])) == []
    assert TransparencySignedHead.objects.get(stream=program.log_stream).tree_size == head["tree_size"]


def test_entries_are_the_canonical_bytes_in_order_and_pages_are_bounded(program):
    stored = _entries(program)
    body = Client().get(_url("entries"), {"start": 2, "end": 10**12}).json()
    assert body["tree_size"] == len(stored)
    assert [e["index"] for e in body["entries"]] == list(range(2, len(stored)))
    assert [base64.b64decode(e["entry"]) for e in body["entries"]] == stored[2:]
    assert MAX_PAGE == 1000


def test_proofs_verify_against_the_signed_head(program):
    client = Client()
    stored = _entries(program)
    head = Head.from_json(client.get(_url("head")).json())
    for index in range(len(stored)):
        proof = client.get(_url("proof/inclusion"), {"index": index, "size": head.tree_size}).json()
        path = [base64.b64decode(h) for h in proof["audit_path"]]
        assert check.verify_inclusion(
            index=index, size=head.tree_size, leaf=check.leaf_hash(stored[index]), path=path, root=head.root_hash
        )
    proof = client.get(_url("proof/consistency"), {"first": 3, "second": head.tree_size}).json()
    assert check.verify_consistency(
        first=3,
        second=head.tree_size,
        first_root=check.root_from_entries(stored[:3])[1],
        second_root=head.root_hash,
        proof=[base64.b64decode(h) for h in proof["consistency_path"]],
    )


@pytest.mark.parametrize(
    ("tail", "params", "says"),
    [
        ("proof/inclusion", {"index": 10**30, "size": 5}, "index"),
        ("proof/inclusion", {"index": -1, "size": 5}, "index"),
        ("proof/inclusion", {"index": 0, "size": 0}, "size"),
        ("proof/inclusion", {"index": "x", "size": 5}, "index"),
        ("proof/inclusion", {"index": 0, "size": 99}, "size=99 is larger than the tree"),
        ("proof/inclusion", {"index": 7, "size": 7}, "index=7 is not in a tree of size 7"),
        ("proof/inclusion", {"size": 7}, "index"),
        ("proof/consistency", {"first": 5, "second": 3}, "first=5 is larger than second=3"),
        ("proof/consistency", {"first": 1, "second": 10**19}, "second"),
        ("proof/consistency", {"first": 1, "second": 4000}, "second=4000 is larger than the tree"),
        ("proof/consistency", {"first": -3, "second": 4}, "first"),
        ("entries", {"start": 4, "end": 2}, "start=4 is after end=2"),
        ("entries", {"start": 50, "end": 60}, "start=50 is not in the log"),
        ("entries", {"start": -1, "end": 2}, "start"),
        ("entries", {"start": 0, "end": 2**70}, "end"),
    ],
)
def test_bad_parameters_are_a_422_saying_what_is_wrong(program, tail, params, says):
    response = Client().get(_url(tail), params)
    assert response.status_code == 422
    assert says in str(response.json()["detail"])


def test_unknown_program_is_a_404():
    assert Client().get("/api/v1/public/programs/nope/log/head").status_code == 404


def test_every_log_route_is_documented_with_examples():
    schema = Client().get("/api/v1/openapi.json").json()
    base = "/api/v1/public/programs/{program}/log/"
    for tail in ("head", "entries", "proof/inclusion", "proof/consistency", "export"):
        assert base + tail in schema["paths"], tail
    params = {p["name"]: p for p in schema["paths"][base + "proof/consistency"]["get"]["parameters"]}
    assert {"program", "first", "second"} <= set(params)
    assert params["first"]["schema"]["examples"] == [7]
    head_schema = schema["components"]["schemas"]["HeadOut"]
    assert head_schema["properties"]["root_hash"]["examples"]
    assert "/api/v1/public/log/key" in schema["paths"]
