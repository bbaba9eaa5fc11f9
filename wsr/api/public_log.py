"""The verifiable transparency log of a program (RFC 9162 style), public, mounted at /api/v1/public.

Hashes, signatures and entry bytes are standard base64. Leaf ``i`` of a program's tree is its log
entry with ``seq = i + 1``; the leaf hash is SHA-256(0x00 || entry bytes). Format and how to verify
offline with ``python -m wsr_verify``: docs/transparency-log.md.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from wsr.core import log_tree
from wsr.core.errors import NotFound
from wsr.core.log_tree import MAX_INDEX, MAX_PAGE, LogRequestError
from wsr.core.transparency import stream_for_program
from wsr.programs.models import Program

router = Router()

_B64_HASH = "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k="


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _stream(program: str) -> str:
    """The program's log stream, in one narrow query (the proof endpoints are meant to be fast)."""
    public_id = next(iter(Program.objects.filter(slug=program).values_list("public_id", flat=True)), None)
    if public_id is None:
        raise NotFound("program")
    return stream_for_program(public_id)


class KeyOut(Schema):
    algorithm: str = Field(examples=["Ed25519"])
    key_id: str = Field(description="Hex SHA-256 of the raw 32-byte public key.", examples=["3f1c…"])
    public_key: str = Field(description="The raw 32-byte Ed25519 public key, base64.", examples=[_B64_HASH])


class HeadOut(Schema):
    format: str = Field(examples=[log_tree.HEAD_FORMAT])
    stream: str = Field(examples=["program:prg_7Hq2kM4x"])
    tree_size: int = Field(description="Number of entries the head covers.", examples=[1204])
    root_hash: str = Field(description="Merkle tree hash (RFC 9162 MTH), base64.", examples=[_B64_HASH])
    timestamp: str = Field(description="When the head was signed (UTC).", examples=["2026-12-01T22:40:00.000000Z"])
    key_id: str = Field(description="Which key signed (see /public/log/key).")
    signature: str = Field(
        description="Ed25519 signature, base64, over the UTF-8 bytes "
        "'wsr-tree-head/1\\n{stream}\\n{tree_size}\\n{root hash hex}\\n{timestamp}\\n'."
    )


class EntryOut(Schema):
    index: int = Field(description="Leaf index (seq - 1).", examples=[0])
    entry: str = Field(description="The entry's canonical JSON bytes, base64: hash these, never rebuild them.")


class EntriesOut(Schema):
    tree_size: int
    entries: list[EntryOut]


class InclusionOut(Schema):
    index: int = Field(examples=[5])
    tree_size: int = Field(examples=[12])
    audit_path: list[str] = Field(
        description="RFC 9162 audit path, leaf's sibling first, base64 hashes.", examples=[[_B64_HASH]]
    )


class ConsistencyOut(Schema):
    first: int = Field(examples=[7])
    second: int = Field(examples=[12])
    consistency_path: list[str] = Field(
        description="RFC 9162 consistency proof, base64 hashes.", examples=[[_B64_HASH]]
    )


class ProblemOut(Schema):
    detail: str = Field(examples=["index=12 is not in a tree of size 12 (indices run 0 to 11)."])


class EntriesQuery(Schema):
    start: int = Field(..., ge=0, le=MAX_INDEX, description="First leaf index (0-based).", examples=[0])
    end: int = Field(
        ...,
        ge=0,
        le=MAX_INDEX,
        description=f"Last leaf index, inclusive; at most {MAX_PAGE} entries come back.",
        examples=[99],
    )


class InclusionQuery(Schema):
    index: int = Field(..., ge=0, le=MAX_INDEX, description="Leaf index (seq - 1) of the entry.", examples=[5])
    size: int = Field(..., ge=1, le=MAX_INDEX, description="Tree size of the head to prove against.", examples=[12])


class ConsistencyQuery(Schema):
    first: int = Field(..., ge=0, le=MAX_INDEX, description="The earlier tree size (a head you saved).", examples=[7])
    second: int = Field(
        ..., ge=0, le=MAX_INDEX, description="The later tree size (at most the current size).", examples=[12]
    )


_ERRORS: dict[int, type[Schema]] = {404: ProblemOut, 422: ProblemOut}


def _answer(call: Any) -> Any:
    try:
        return call()
    except LogRequestError as exc:
        raise HttpError(422, str(exc.message)) from None


@router.get("/log/key", response=KeyOut, auth=None, summary="The public key that signs tree heads")
def log_key(request: HttpRequest) -> dict[str, str]:
    return log_tree.public_key_info()


@router.get(
    "/programs/{program}/log/head",
    response={200: HeadOut, 404: ProblemOut},
    auth=None,
    summary="The program log's signed tree head",
)
def log_head(request: HttpRequest, program: str) -> dict[str, Any]:
    return log_tree.signed_head(_stream(program)).as_json()


@router.get(
    "/programs/{program}/log/entries",
    response={200: EntriesOut, **_ERRORS},
    auth=None,
    summary=f"Entries start..end (inclusive, at most {MAX_PAGE}) as their canonical bytes",
)
def log_entries(request: HttpRequest, program: str, query: Query[EntriesQuery]) -> dict[str, Any]:
    stream = _stream(program)
    rows = _answer(lambda: log_tree.entries_page(stream, start=query.start, end=query.end))
    return {"tree_size": log_tree.tree_size(stream), "entries": [{"index": i, "entry": _b64(d)} for i, d in rows]}


@router.get(
    "/programs/{program}/log/proof/inclusion",
    response={200: InclusionOut, **_ERRORS},
    auth=None,
    summary="Audit path of entry `index` in the tree of `size` entries",
)
def log_inclusion(request: HttpRequest, program: str, query: Query[InclusionQuery]) -> dict[str, Any]:
    stream = _stream(program)
    path = _answer(lambda: log_tree.inclusion_proof(stream, index=query.index, size=query.size))
    return {"index": query.index, "tree_size": query.size, "audit_path": [_b64(h) for h in path]}


@router.get(
    "/programs/{program}/log/proof/consistency",
    response={200: ConsistencyOut, **_ERRORS},
    auth=None,
    summary="Consistency proof between the trees of `first` and `second` entries",
)
def log_consistency(request: HttpRequest, program: str, query: Query[ConsistencyQuery]) -> dict[str, Any]:
    stream = _stream(program)
    path = _answer(lambda: log_tree.consistency_proof(stream, first=query.first, second=query.second))
    return {"first": query.first, "second": query.second, "consistency_path": [_b64(h) for h in path]}


@router.get(
    "/programs/{program}/log/export",
    auth=None,
    response={200: None, 404: ProblemOut},
    summary="The whole log as an offline bundle for `python -m wsr_verify` (JSON Lines, streamed)",
)
def log_export(request: HttpRequest, program: str) -> StreamingHttpResponse:
    stream = _stream(program)
    lines = log_tree.export_lines(stream)
    first = next(lines)  # sign the head now, while the request is still ours to answer

    def chunks() -> Iterator[bytes]:
        yield first
        yield from lines

    response = StreamingHttpResponse(chunks(), content_type="application/jsonl")
    response["Content-Disposition"] = f'attachment; filename="{program}-log.jsonl"'
    return response
