"""Standing API: the eligibility list for brands' purchasing systems, and the notices addressed to
the caller (acknowledged by a brand from its own systems). Thin: parse, authorise, call one
selector or service."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from ninja import Router, Schema
from ninja.responses import Status

from wsr.api.security import api_actor, bearer_or_session
from wsr.core import clock
from wsr.core.errors import NotFound
from wsr.core.pdf import render_pdf
from wsr.programs.selectors import program_get_for_actor
from wsr.standing import selectors as sel
from wsr.standing import webhooks
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.services import notice_acknowledge, notice_open

router = Router(auth=bearer_or_session())


class EligibleOut(Schema):
    supplier: str
    supplier_name: str
    facility: str
    facility_name: str
    standing: str
    since: dt.datetime


class EligibleListOut(Schema):
    program: str
    as_of: dt.datetime
    items: list[EligibleOut]


class NoticeOut(Schema):
    notice: str
    kind: str
    facility: str
    facility_name: str
    created_at: dt.datetime
    delivery: str
    acknowledged_at: dt.datetime | None


def _notice_out(notice) -> NoticeOut:  # type: ignore[no-untyped-def]
    return NoticeOut(
        notice=notice.public_id,
        kind=notice.kind,
        facility=notice.facility.public_id,
        facility_name=notice.facility.name,
        created_at=notice.created_at,
        delivery=notice.delivery,
        acknowledged_at=notice.acknowledged_at,
    )


@router.get("/programs/{program}/eligible-suppliers", response=EligibleListOut)
def eligible_suppliers(request: HttpRequest, program: str) -> EligibleListOut:
    """Facilities in good standing (participating or on probation) now, with the supplier company."""
    actor = api_actor(request)
    capability = SC.VIEW_ALL if actor.program_ids_with(SC.VIEW_ALL) else SC.VIEW_NOTICES
    found = program_get_for_actor(actor=actor, slug=program, capability=capability)
    items = sel.eligible_suppliers(actor=actor, program=found)
    return EligibleListOut(
        program=found.slug,
        as_of=clock.now(),
        items=[
            EligibleOut(
                supplier=i.supplier_public_id,
                supplier_name=i.supplier_name,
                facility=i.facility_public_id,
                facility_name=i.facility_name,
                standing=i.standing,
                since=i.since,
            )
            for i in items
        ],
    )


@router.get("/standing/notices", response=list[NoticeOut])
def notices(request: HttpRequest) -> list[NoticeOut]:
    actor = api_actor(request)
    return [_notice_out(n) for n in sel.notices_for_actor(actor=actor)[:500]]


@router.get("/standing/notices/{notice}/pdf")
def notice_pdf(request: HttpRequest, notice: str) -> HttpResponse:
    """The notice as a PDF document (the same as its page's download), in the caller's language
    (Accept-Language); for exactly those who may see the notice."""
    actor = api_actor(request)
    found = notice_open(actor=actor, notice=sel.notice_get_for_actor(actor=actor, public_id=notice))
    html = render_to_string("standing/notice_pdf.html", {"notice": found, "generated_at": clock.now()})
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.public_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/standing/notices/{notice}/acknowledge", response=NoticeOut)
def acknowledge(request: HttpRequest, notice: str) -> NoticeOut:
    actor = api_actor(request)
    found = sel.notice_get_for_actor(actor=actor, public_id=notice)
    return _notice_out(notice_acknowledge(actor=actor, notice=found))


class WebhookIn(Schema):
    url: str
    events: list[str]


class WebhookOut(Schema):
    endpoint: str
    url: str
    events: list[str]
    active: bool
    created_at: dt.datetime
    secret_hint: str


class WebhookCreatedOut(WebhookOut):
    secret: str  # shown this once


def _webhook_out(endpoint) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "endpoint": endpoint.public_id,
        "url": endpoint.url,
        "events": list(endpoint.events),
        "active": endpoint.is_active,
        "created_at": endpoint.created_at,
        "secret_hint": endpoint.secret_hint,
    }


@router.get("/programs/{program}/webhooks", response=list[WebhookOut])
def webhook_list(request: HttpRequest, program: str) -> list[dict[str, object]]:
    """The caller's brand's webhook endpoints in the program (never their secrets)."""
    actor = api_actor(request)
    found = program_get_for_actor(actor=actor, slug=program, capability=SC.ACKNOWLEDGE_NOTICE)
    return [_webhook_out(e) for e in webhooks.endpoints_for_actor(actor=actor, program=found)]


@router.post("/programs/{program}/webhooks", response={201: WebhookCreatedOut})
def webhook_create(request: HttpRequest, program: str, payload: WebhookIn) -> Status:
    """Register an HTTPS endpoint for the brand's enforcement pushes; the answer carries the
    signing secret, shown this once (verification: docs in wsr/standing/webhooks.py)."""
    actor = api_actor(request)
    found = program_get_for_actor(actor=actor, slug=program, capability=SC.ACKNOWLEDGE_NOTICE)
    endpoint, secret = webhooks.webhook_endpoint_create(
        actor=actor, program=found, url=payload.url, events=payload.events
    )
    return Status(201, {**_webhook_out(endpoint), "secret": secret})


@router.post("/programs/{program}/webhooks/{endpoint}/disable", response=WebhookOut)
def webhook_disable(request: HttpRequest, program: str, endpoint: str) -> dict[str, object]:
    actor = api_actor(request)
    found = program_get_for_actor(actor=actor, slug=program, capability=SC.ACKNOWLEDGE_NOTICE)
    target = webhooks.endpoints_for_actor(actor=actor, program=found).filter(public_id=endpoint).first()
    if target is None:
        raise NotFound("webhook endpoint")
    return _webhook_out(webhooks.webhook_endpoint_disable(actor=actor, endpoint=target))
