"""Purchases API (issue 11). Thin: parse, authorise, call one service or selector.

``POST /api/v1/programs/{program}/purchases`` with a brand user's bearer token and a body of
``Content-Type: text/csv`` (header ``line_id,facility,date,product,quantity,unit,value,currency``)
or ``application/x-ndjson`` (one JSON object per line, the same fields; numbers as strings or
JSON numbers, kept as written). The report is recorded whole or refused whole (400 with the
errors: line, column, code, reason in the caller's language). Bodies over
``WSR_PURCHASES_API_MAX_BYTES`` are refused (413): larger reports go through the upload page.
"""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from wsr.api.security import api_actor, bearer_or_session
from wsr.programs.selectors import program_get_for_actor
from wsr.purchases.capabilities import PurchaseCapability as PU
from wsr.purchases.errors import PurchaseErrorCode, message
from wsr.purchases.services import purchases_ingest_stream

router = Router(auth=bearer_or_session())

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class LineErrorOut(Schema):
    line: int
    column: str
    code: str
    reason: str


class IngestOut(Schema):
    upload: str
    status: str
    lines: int
    added: int
    unchanged: int
    reversed: int
    breaches: int


class RefusedOut(Schema):
    detail: str
    code: str
    upload: str
    error_count: int
    errors: list[LineErrorOut]


class TooLargeOut(Schema):
    detail: str
    code: str


@router.post(
    "/programs/{program}/purchases",
    response={200: IngestOut, 400: RefusedOut, 413: TooLargeOut},
    openapi_extra={
        "requestBody": {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
            }
        }
    },
)
def purchases_report(request: HttpRequest, program: str) -> Status:
    """Report purchase lines; the answer counts lines added, unchanged and reversed, and breaches."""
    actor = api_actor(request)
    found = program_get_for_actor(actor=actor, slug=program, capability=PU.REPORT)
    limit = int(getattr(settings, "WSR_PURCHASES_API_MAX_BYTES", DEFAULT_MAX_BYTES))
    with tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024) as body:
        size = 0
        while chunk := request.read(1 << 16):
            size += len(chunk)
            if size > limit:
                return Status(
                    413,
                    TooLargeOut(
                        detail=message(PurchaseErrorCode.TOO_LARGE, {"limit": limit}),
                        code=PurchaseErrorCode.TOO_LARGE,
                    ),
                )
            body.write(chunk)
        body.seek(0)
        result = purchases_ingest_stream(
            actor=actor, program=found, stream=body, content_type=request.content_type or "", filename="api"
        )
    upload = result.upload.public_id if result.upload else ""
    if not result.accepted:
        return Status(
            400,
            RefusedOut(
                detail=message(PurchaseErrorCode.REFUSED, {"count": result.error_count}),
                code=PurchaseErrorCode.REFUSED,
                upload=upload,
                error_count=result.error_count,
                errors=[
                    LineErrorOut(line=e.line, column=e.column, code=e.code, reason=e.reason) for e in result.errors
                ],
            ),
        )
    return Status(
        200,
        IngestOut(
            upload=upload,
            status="done",
            lines=result.lines,
            added=result.added,
            unchanged=result.unchanged,
            reversed=result.reversed,
            breaches=result.breaches,
        ),
    )
