"""Ledger API (issue 11): a brand's premium payments (list, record), the findings of the
reconciliation and premium totals in the caller's scope. Thin: parse, authorise, call one
service or selector."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from wsr.api.security import api_actor, bearer_or_session
from wsr.core.permissions import Actor
from wsr.ledger import selectors as sel
from wsr.ledger.capabilities import LedgerCapability as LC
from wsr.ledger.models import Payment
from wsr.ledger.services import payment_record, premium_currency
from wsr.programs.models import Program
from wsr.programs.selectors import program_get_for_actor

router = Router(auth=bearer_or_session())


class PaymentIn(Schema):
    facility: str
    amount_minor: int
    paid_on: dt.date
    reference: str
    period: dt.date | None = None  # any day of the month paid for (default: the month before paid_on)


class PaymentOut(Schema):
    payment: str
    brand: str
    supplier: str
    facility: str
    amount_minor: int
    currency: str
    paid_on: dt.date
    period: dt.date | None
    reference: str
    status: str


class FindingOut(Schema):
    finding: str
    rule: str
    status: str
    brand: str
    facility: str
    amount_minor: int
    currency: str
    lines: int
    since: dt.date


def _program(request: HttpRequest, slug: str) -> tuple[Actor, Program]:
    actor = api_actor(request)
    for capability in (LC.VIEW_ALL, LC.VIEW_BRAND, LC.VIEW_SUPPLIER):
        if actor.program_ids_with(capability):
            return actor, program_get_for_actor(actor=actor, slug=slug, capability=capability)
    return actor, program_get_for_actor(actor=actor, slug=slug, capability=LC.VIEW_ALL)


def _out(p: Payment) -> PaymentOut:
    return PaymentOut(
        payment=p.public_id,
        brand=p.brand.public_id,
        supplier=p.supplier.public_id,
        facility=p.facility.public_id,
        amount_minor=p.amount_minor,
        currency=p.currency,
        paid_on=p.paid_on,
        period=p.period,
        reference=p.reference,
        status=p.status,
    )


@router.get("/programs/{program}/ledger/payments", response=list[PaymentOut])
def payments(request: HttpRequest, program: str) -> list[PaymentOut]:
    """Premium payments the caller may see: a brand its own, a supplier those it received."""
    actor, found = _program(request, program)
    return [_out(p) for p in sel.payments_for_actor(actor=actor, program=found)[:1000]]


@router.post("/programs/{program}/ledger/payments", response={201: PaymentOut})
def payment_create(request: HttpRequest, program: str, payload: PaymentIn) -> Status:
    """A brand records a premium payment (in its agreement's currency); the supplier confirms it."""
    actor = api_actor(request)
    found = program_get_for_actor(actor=actor, slug=program, capability=LC.RECORD_PAYMENT)
    from wsr.accounts.models import Organisation

    brand = Organisation.objects.filter(pk=actor.organisation_id or 0).first()
    currency = premium_currency(found, brand) if brand else found.currency
    created = payment_record(
        actor=actor,
        program=found,
        facility=payload.facility,
        amount_minor=payload.amount_minor,
        currency=currency,
        paid_on=payload.paid_on,
        period=payload.period,
        reference=payload.reference,
    )
    return Status(201, _out(created))


@router.get("/programs/{program}/ledger/findings", response=list[FindingOut])
def findings(request: HttpRequest, program: str) -> list[FindingOut]:
    """Open reconciliation findings in the caller's scope."""
    actor, found = _program(request, program)
    return [
        FindingOut(
            finding=f.public_id,
            rule=f.rule,
            status=f.status,
            brand=f.brand.public_id,
            facility=f.facility.public_id,
            amount_minor=f.amount_minor,
            currency=f.currency,
            lines=f.lines,
            since=f.since,
        )
        for f in sel.findings_for_actor(actor=actor, program=found)
    ]
