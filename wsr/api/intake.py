"""Worker-facing intake and case follow-up (no login), and the SMS gateway webhook.

* ``POST /intake/complaints``: open a case; answers the case code and secret once.
* ``POST /intake/status``, ``/intake/messages``, ``/intake/secret``: follow a case with its code and
  secret. Every call first spends a try from the guessing limits (per client and per channel,
  ``wsr.complaints.guard``); an unknown code, a malformed code and a wrong secret all get the same
  403 body; too many tries get 429 with ``Retry-After``.
* ``POST /intake/sms``: provider-neutral JSON from an SMS gateway, signed with the gateway's
  shared secret (``X-WSR-Gateway`` names the gateway, ``X-WSR-Signature`` is the hex HMAC-SHA256
  of the raw body). Idempotent on the gateway's message id.

Handlers parse, throttle and call exactly one service; refusals come back field by field in the
same shape as request validation errors (422).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from ninja import Field, Router, Schema
from ninja.responses import Status
from ninja.security import APIKeyHeader

from wsr.alerts.advice import worker_danger_advice
from wsr.complaints.guard import case_access_throttle, client_key_for_request, intake_throttle
from wsr.complaints.models import Channel
from wsr.complaints.services import (
    CaseAccessRefused,
    CaseStatusView,
    complaint_intake,
    complaint_message_post,
    complaint_secret_change,
    complaint_sms_receive,
    complaint_status_view,
)
from wsr.core.errors import DomainError
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.registry.models import Facility

router = Router(auth=None)

CategorySlug = Literal[
    "forced_labour",
    "child_labour",
    "violence",
    "sexual_harassment",
    "health_safety",
    "wages_hours",
    "freedom_of_association",
    "retaliation",
    "housing",
    "discrimination",
    "other",
]

# Which field a refused intake is about (DomainError.code from the intake service).
_INTAKE_FIELDS = {
    "description_required": "description",
    "description_too_long": "description",
    "bad_category": "category",
    "bad_language": "language",
    "bad_facility": "facility",
    "facility_required": "facility_name",
    "facility_name_too_long": "facility_name",
    "identity_too_long": "contact",
    "description_bad_characters": "description",
    "facility_name_bad_characters": "facility_name",
    "identity_bad_characters": "contact",
}
_MESSAGE_FIELDS = {"message_required": "text", "message_too_long": "text", "message_bad_characters": "text"}


# --- schemas -----------------------------------------------------------------------------------


class ComplaintIn(Schema):
    program: str = Field(..., description="The program's slug, e.g. `fair-harvest`.", max_length=60)
    facility: str | None = Field(
        None, description="Public id of a facility covered by the program (`fac_…`), or null.", max_length=40
    )
    facility_name: str = Field("", description="The workplace as the worker names it (needed when `facility` is null).")
    category: CategorySlug = Field(..., description="A Code of Conduct category.")
    description: str = Field(..., description="What happened, in the worker's words (1 to 5000 characters).")
    language: str = Field(..., description="One of the program's languages, e.g. `ht`.", max_length=12)
    anonymous: bool = Field(..., description="True: no name or contact is kept. False: confidential.")
    contact: str = Field("", description="How to reach the worker (confidential only; encrypted, never public).")
    name: str = Field("", description="The worker's name (confidential only; encrypted).")
    phone: str = Field("", description="The worker's phone number (confidential only; encrypted).")
    imminent_danger: bool = Field(
        False, description="Someone is in danger now: the program's on-call staff are alerted at once."
    )
    hazard: Literal["", "fire", "electrical", "structural", "violence", "other"] = Field(
        "", description="The kind of danger, if known (fire or a locked exit, electrical, structural...)."
    )


class ReceiptOut(Schema):
    case_code: str = Field(..., description="17 digits in groups, e.g. `1234-5678-9012-3456-7`.")
    secret: str = Field(..., description="Shown this once; only a hash is kept.")
    danger_advice: str = Field(
        "",
        description="With `imminent_danger`: what to do now, in the report's language "
        "(leave the danger; the program's emergency number). Show it first.",
    )


class CaseAccessIn(Schema):
    case_code: str = Field(..., description="The case code, with or without dashes or spaces.")
    secret: str = Field(..., description="The secret given with the case code.")


class MessageIn(CaseAccessIn):
    text: str = Field(..., description="A message to the investigator (1 to 5000 characters).")


class MessageOut(Schema):
    direction: Literal["to_you", "from_you"]
    text: str
    sent_at: dt.datetime


class StatusOut(Schema):
    status: str = Field(..., description="The case state, e.g. `investigating`.")
    status_text: str = Field(..., description="The state in plain words, in the request's language.")
    messages: list[MessageOut]
    must_change_secret: bool = Field(
        ..., description="The case was entered by an operator: change the secret (`/intake/secret`) to see messages."
    )


class NewSecretOut(Schema):
    secret: str = Field(..., description="The new secret; the old one no longer works.")


class ErrorOut(Schema):
    detail: str
    code: str


class FieldErrorOut(Schema):
    type: str
    loc: list[str]
    msg: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


class SmsIn(Schema):
    sender: str = Field(..., alias="from", description="The sender's number (identity: stored encrypted).")
    to: str = Field(..., description="The program's number the text was sent to.")
    text: str = Field(..., description="The text as received.", max_length=20000)
    time: dt.datetime = Field(..., description="When the gateway received it (ISO 8601).")
    id: str = Field(..., description="The gateway's message id: a repeated id is processed once.", max_length=200)


class SmsOut(Schema):
    reply: str = Field(..., description="Text for the gateway to send back to the sender (may be empty).")


# --- helpers -----------------------------------------------------------------------------------


def _field_error(field: str, message: str, code: str) -> Status:
    return Status(422, {"detail": [{"type": code, "loc": ["body", "payload", field], "msg": message}]})


def _refused(exc: DomainError) -> Status:
    return Status(403, {"detail": str(exc.message), "code": exc.code})


def _status_out(view: CaseStatusView) -> dict[str, Any]:
    return {
        "status": view.status,
        "status_text": view.status_text,
        "messages": [{"direction": m.direction, "text": m.text, "sent_at": m.sent_at} for m in view.messages],
        "must_change_secret": view.must_change_secret,
    }


class GatewaySignature(APIKeyHeader):
    """``X-WSR-Signature``: hex HMAC-SHA256 of the raw body with the shared secret of the gateway
    named in ``X-WSR-Gateway`` (``settings.WSR_SMS_GATEWAYS[gateway]["secret"]``)."""

    param_name = "X-WSR-Signature"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        gateway = request.headers.get("X-WSR-Gateway", "")
        config = (getattr(settings, "WSR_SMS_GATEWAYS", {}) or {}).get(gateway) or {}
        shared = str(config.get("secret") or "")
        expected = hmac.new(shared.encode("utf-8"), request.body, hashlib.sha256).hexdigest()
        given = (key or "").strip().lower()
        if shared and hmac.compare_digest(expected.encode("ascii"), given.encode("ascii", "replace")):
            return gateway
        return None


# --- endpoints ---------------------------------------------------------------------------------


@router.post(
    "/complaints",
    response={201: ReceiptOut, 422: ValidationErrorOut, 429: ErrorOut},
    summary="Open a complaint (no login); answers the case code and secret once",
)
def intake_complaint(request: HttpRequest, payload: ComplaintIn, response: HttpResponse) -> Any:
    """Nothing is stored when anything is refused. Each refusal names its field (422). The answer
    (code and secret) is never cached."""
    add_never_cache_headers(response)
    # Only what the intake reads of the program (the worker waits on this request).
    found = Program.objects.filter(slug=payload.program).order_by().only("id", "public_id", "slug", "languages")
    program = next(iter(found[:1]), None)
    if program is None:
        return _field_error("program", "No program has this slug.", "unknown_program")
    facility = None
    if payload.facility:
        facility = Facility.objects.filter(
            public_id=payload.facility, program_links__program=program, program_links__until__isnull=True
        ).first()
        if facility is None:
            return _field_error("facility", "No facility with this id is covered by this program.", "bad_facility")
    intake_throttle(client_key=client_key_for_request(request), channel="api")
    try:
        receipt = complaint_intake(
            actor=Actor.anonymous("complainant"),
            program=program,
            channel="api",
            facility=facility,
            facility_name=payload.facility_name,
            category=payload.category,
            description=payload.description,
            language=payload.language,
            anonymous=payload.anonymous,
            contact=payload.contact,
            name=payload.name,
            phone=payload.phone,
            imminent_danger=payload.imminent_danger,
            hazard=payload.hazard,
        )
    except DomainError as exc:
        return _field_error(_INTAKE_FIELDS.get(exc.code, "payload"), str(exc.message), exc.code)
    advice = ""
    if payload.imminent_danger:
        with translation.override(payload.language):
            advice = worker_danger_advice(program)
    return Status(201, {"case_code": receipt.case_code, "secret": receipt.secret, "danger_advice": advice})


@router.post(
    "/status",
    response={200: StatusOut, 403: ErrorOut, 429: ErrorOut},
    summary="A case's status and messages, with its code and secret",
)
def intake_status(request: HttpRequest, payload: CaseAccessIn, response: HttpResponse) -> Any:
    """An unknown code, a malformed code and a wrong secret all get the same 403 body. The answer
    (the case's messages) is never cached (``Cache-Control: no-store``)."""
    add_never_cache_headers(response)
    case_access_throttle(client_key=client_key_for_request(request), channel="api")
    try:
        view = complaint_status_view(case_code=payload.case_code, secret=payload.secret)
    except CaseAccessRefused as exc:
        return _refused(exc)
    return Status(200, _status_out(view))


@router.post(
    "/messages",
    response={201: StatusOut, 403: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut},
    summary="Send a message to the investigator, with the case code and secret",
)
def intake_message(request: HttpRequest, payload: MessageIn, response: HttpResponse) -> Any:
    """Answers the case as `/intake/status` does, with the new message. 409 when the case is
    closed or its secret must be changed first."""
    add_never_cache_headers(response)
    case_access_throttle(client_key=client_key_for_request(request), channel="api")
    try:
        view = complaint_message_post(
            case_code=payload.case_code, secret=payload.secret, text=payload.text, channel=Channel.API
        )
    except CaseAccessRefused as exc:
        return _refused(exc)
    except DomainError as exc:
        if exc.code in _MESSAGE_FIELDS:
            return _field_error(_MESSAGE_FIELDS[exc.code], str(exc.message), exc.code)
        return Status(409, {"detail": str(exc.message), "code": exc.code})
    return Status(201, _status_out(view))


@router.post(
    "/secret",
    response={200: NewSecretOut, 403: ErrorOut, 429: ErrorOut},
    summary="Replace the case's secret with a new one (required first for operator-entered cases)",
)
def intake_secret(request: HttpRequest, payload: CaseAccessIn, response: HttpResponse) -> Any:
    add_never_cache_headers(response)
    case_access_throttle(client_key=client_key_for_request(request), channel="api")
    try:
        secret = complaint_secret_change(case_code=payload.case_code, secret=payload.secret)
    except CaseAccessRefused as exc:
        return _refused(exc)
    return Status(200, {"secret": secret})


@router.post(
    "/sms",
    auth=GatewaySignature(),
    response={200: SmsOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="SMS gateway webhook: a text opens a case or, starting with a code and secret, joins one",
)
def intake_sms(request: HttpRequest, payload: SmsIn, response: HttpResponse) -> Any:
    """Signed by the gateway (401 otherwise). A repeated `id` from the same gateway is not
    processed again. Texts from one sender are limited like status look-ups (429 + Retry-After:
    the gateway should deliver again later)."""
    add_never_cache_headers(response)
    case_access_throttle(client_key=f"sms:{payload.sender}", channel="sms")
    try:
        result = complaint_sms_receive(
            gateway=str(request.auth),  # type: ignore[attr-defined]
            message_id=payload.id,
            sender=payload.sender,
            to=payload.to,
            text=payload.text,
            received_at=payload.time if payload.time.tzinfo else payload.time.replace(tzinfo=dt.UTC),
        )
    except DomainError as exc:
        return Status(422, {"detail": str(exc.message), "code": exc.code})
    return Status(200, {"reply": result.reply})
