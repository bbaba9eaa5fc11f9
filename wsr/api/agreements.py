"""Agreements API (scoped): program staff see every agreement of a program, a brand only its own.
Commercial terms are included only for those allowed to see them. The premium calculator is not
exposed here: the ledger computes premiums server-side."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from wsr.agreements.models import Agreement
from wsr.agreements.selectors import (
    agreement_by_public_id_for_actor,
    agreements_for_actor,
    can_see_terms,
    obligations_for_brand,
)
from wsr.agreements.services import premium_term_public
from wsr.api.security import api_actor, bearer_or_session
from wsr.core.permissions import Actor
from wsr.programs.models import Program

router = Router(auth=bearer_or_session())


class PremiumTermOut(Schema):
    kind: str
    currency: str
    amount_minor_per_unit: int | None
    unit: str
    basis_points: int | None
    products: list[str]


class TermsOut(Schema):
    premium: list[PremiumTermOut]
    source_only_good_standing: bool
    fund_remediation: bool
    remediation_terms: str
    reporting_cadence: str


class PartyOut(Schema):
    organisation: str
    organisation_name: str
    role: str
    signed_on: str | None


class AgreementOut(Schema):
    public_id: str
    program: str
    brand: str
    brand_name: str
    title: str
    version: int
    previous: str | None
    status: str
    status_reason: str
    effective_from: str
    effective_until: str | None
    signed_on: str | None
    document_sha256: str
    terms_public: bool
    signatories: list[PartyOut]
    terms: TermsOut | None


class ObligationOut(Schema):
    agreement: str
    title: str
    version: int
    status: str
    in_force: bool
    effective_from: str
    effective_until: str | None
    terms: TermsOut


def _terms(agreement: Agreement) -> dict[str, Any]:
    return {
        "premium": [premium_term_public(t) for t in agreement.premium_terms.all()],
        "source_only_good_standing": agreement.source_only_good_standing,
        "fund_remediation": agreement.fund_remediation,
        "remediation_terms": agreement.remediation_terms,
        "reporting_cadence": agreement.reporting_cadence,
    }


def _out(actor: Actor, agreement: Agreement) -> dict[str, Any]:
    return {
        "public_id": agreement.public_id,
        "program": agreement.program.slug,
        "brand": agreement.brand.public_id,
        "brand_name": agreement.brand.name,
        "title": agreement.title,
        "version": agreement.version,
        "previous": agreement.previous.public_id if agreement.previous else None,
        "status": agreement.status,
        "status_reason": agreement.status_reason,
        "effective_from": agreement.effective_from.isoformat(),
        "effective_until": agreement.effective_until.isoformat() if agreement.effective_until else None,
        "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else None,
        "document_sha256": agreement.document_sha256,
        "terms_public": agreement.terms_public,
        # Organisations and dates only: the names of the people who signed stay on the pages.
        "signatories": [
            {
                "organisation": s.organisation.public_id,
                "organisation_name": s.organisation.name,
                "role": s.role,
                "signed_on": s.signed_on.isoformat() if s.signed_on else None,
            }
            for s in agreement.signatories.all()
        ],
        "terms": _terms(agreement) if can_see_terms(actor, agreement) else None,
    }


def _program(actor: Actor, slug: str) -> Program:
    program = Program.objects.filter(slug=slug).first()
    if program is None or program.pk not in actor.program_ids:
        raise Http404("No such program")
    return program


@router.get("", response=list[AgreementOut], summary="Agreements of a program you may see (scoped by role)")
def list_agreements(request: HttpRequest, program: str) -> list[dict[str, Any]]:
    """Program staff see every agreement; a brand user only its own. `terms` is null where the
    caller may not see commercial terms."""
    actor = api_actor(request)
    prog = _program(actor, program)
    return [_out(actor, a) for a in agreements_for_actor(actor=actor, program=prog)]


@router.get("/obligations", response=list[ObligationOut], summary="Your brand's obligations in a program")
def list_obligations(request: HttpRequest, program: str) -> list[dict[str, Any]]:
    """For brand users: the signed and active agreements of their organisation and what they require."""
    actor = api_actor(request)
    prog = _program(actor, program)
    return [
        {
            "agreement": o.agreement.public_id,
            "title": o.agreement.title,
            "version": o.agreement.version,
            "status": o.agreement.status,
            "in_force": o.in_force,
            "effective_from": o.agreement.effective_from.isoformat(),
            "effective_until": o.agreement.effective_until.isoformat() if o.agreement.effective_until else None,
            "terms": _terms(o.agreement),
        }
        for o in obligations_for_brand(actor=actor, program=prog)
    ]


@router.get("/{public_id}", response=AgreementOut, summary="One agreement (scoped by role)")
def get_agreement(request: HttpRequest, public_id: str) -> dict[str, Any]:
    actor = api_actor(request)
    return _out(actor, agreement_by_public_id_for_actor(actor=actor, public_id=public_id))
