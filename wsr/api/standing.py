"""Standing API: the eligibility list for brands' purchasing systems, and the notices addressed to
the caller (acknowledged by a brand from its own systems). Thin: parse, authorise, call one
selector or service."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from wsr.api.security import api_actor, bearer_or_session
from wsr.core import clock
from wsr.programs.selectors import program_get_for_actor
from wsr.standing import selectors as sel
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.services import notice_acknowledge

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


@router.post("/standing/notices/{notice}/acknowledge", response=NoticeOut)
def acknowledge(request: HttpRequest, notice: str) -> NoticeOut:
    actor = api_actor(request)
    found = sel.notice_get_for_actor(actor=actor, public_id=notice)
    return _notice_out(notice_acknowledge(actor=actor, notice=found))
