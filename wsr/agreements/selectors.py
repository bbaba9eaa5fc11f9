"""Reads about agreements, always scoped to the actor (program, organisation, object).

Program staff with ``VIEW_ALL`` see every agreement of the program and its terms; a brand user
with ``VIEW_OWN`` sees only its organisation's agreements (404 for anyone else's). The public sees
only ``public_signatories`` (in ``wsr.disclosure``), which never carries names or private terms.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from wsr.agreements.capabilities import AgreementCapability as A
from wsr.agreements.models import Agreement, PremiumTerm, Signatory
from wsr.agreements.premium import PremiumRate
from wsr.agreements.transitions import BINDING, AgreementStatus
from wsr.core.errors import CapabilityMissing, NotFound
from wsr.core.permissions import Actor
from wsr.programs.models import Program


def _with_parts(qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return qs.select_related("program", "brand", "previous", "program__worker_organisation").prefetch_related(
        Prefetch("premium_terms", queryset=PremiumTerm.objects.order_by("position", "pk")),
        Prefetch("signatories", queryset=Signatory.objects.select_related("organisation").order_by("role", "position")),
    )


def agreements_for_actor(*, actor: Actor, program: Program) -> QuerySet[Agreement]:
    """The program's agreements the actor may see; raises ``CapabilityMissing`` if none at all."""
    qs = _with_parts(Agreement.objects.filter(program=program))
    if actor.can(A.VIEW_ALL, program.pk):
        return qs.order_by("brand__name", "-version")
    if actor.can(A.VIEW_OWN, program.pk) and actor.organisation_id:
        return qs.filter(brand_id=actor.organisation_id).order_by("-version")
    raise CapabilityMissing(A.VIEW_OWN)


def agreement_get_for_actor(*, actor: Actor, slug: str, public_id: str, capability: str = "") -> Agreement:
    """One agreement: 404 if outside the actor's scope, 403 if visible but ``capability`` is missing."""
    program = Program.objects.filter(slug=slug).first()
    if program is None or program.pk not in actor.program_ids:
        raise NotFound("agreement")
    agreement = agreements_for_actor(actor=actor, program=program).filter(public_id=public_id).first()
    if agreement is None:
        raise NotFound("agreement")
    if capability:
        actor.require(capability, program.pk)
    return agreement


def agreement_by_public_id_for_actor(*, actor: Actor, public_id: str) -> Agreement:
    agreement = Agreement.objects.filter(public_id=public_id).select_related("program").first()
    if agreement is None or agreement.program_id not in actor.program_ids:
        raise NotFound("agreement")
    return agreement_get_for_actor(actor=actor, slug=agreement.program.slug, public_id=public_id)


def can_see_terms(actor: Actor, agreement: Agreement) -> bool:
    """Commercial terms: program staff, and the brand that signed them."""
    if actor.can(A.VIEW_ALL, agreement.program_id):
        return True
    return actor.can(A.VIEW_OWN, agreement.program_id) and agreement.brand_id == actor.organisation_id


def agreement_history(agreement: Agreement) -> list[Agreement]:
    """Every version of this agreement, newest first (following ``previous`` both ways)."""
    first = agreement
    while first.previous_id is not None:
        first = Agreement.objects.select_related("previous").get(pk=first.previous_id)
    chain = [first]
    while True:
        nxt = Agreement.objects.filter(previous=chain[-1]).first()
        if nxt is None:
            break
        chain.append(nxt)
    return list(reversed(chain))


@dataclass(frozen=True)
class Obligation:
    agreement: Agreement
    terms: list[PremiumTerm]
    in_force: bool


def obligations_for_brand(*, actor: Actor, program: Program) -> list[Obligation]:
    """A brand's obligations: its signed and active agreements with their terms."""
    actor.require(A.VIEW_OWN, program.pk)
    qs = _with_parts(
        Agreement.objects.filter(program=program, brand_id=actor.organisation_id or 0, status__in=list(BINDING))
    ).order_by("-version")
    return [Obligation(a, list(a.premium_terms.all()), a.status == AgreementStatus.ACTIVE) for a in qs]


def premium_rates(agreement: Agreement) -> list[PremiumRate]:
    """The agreement's premium terms, detached for ``wsr.agreements.premium.premium_owed``."""
    return [
        PremiumRate(
            kind=t.kind,
            currency=t.currency,
            amount_minor_per_unit=int(t.amount_minor_per_unit or 0),
            unit=t.unit,
            basis_points=int(t.basis_points or 0),
            products=tuple(t.products),
        )
        for t in agreement.premium_terms.all()
    ]
