"""Reads of the premium ledger for pages, the API, the public site and the program report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum

from wsr.accounts.roles import OrgKind
from wsr.core.errors import NotFound
from wsr.core.permissions import Actor
from wsr.ledger.capabilities import LedgerCapability as LC
from wsr.ledger.models import Distribution, Finding, FindingStatus, Payment, PaymentStatus
from wsr.programs.models import Program


@dataclass(frozen=True)
class PremiumTotals:
    """Premium in one currency over a date range: owed (purchase lines dated in the range, net of
    reversals), paid (payments the supplier confirmed, dated in the range), distributed (paid to
    workers in pay periods ending in the range; the administrative share is not counted)."""

    owed_minor: int
    paid_minor: int
    distributed_minor: int
    currency: str


def _scope_currency(program: Program, lines: QuerySet[Any]) -> str:
    """The currency the totals are in: the one most lines in scope use (the program's if none)."""
    top = lines.values("currency").annotate(n=Count("id")).order_by("-n", "currency").first()
    return str(top["currency"]) if top else program.currency


def premium_totals(
    *, program: Program, start: dt.date, end: dt.date, brand: Any = None, facility: Any = None
) -> PremiumTotals:
    """Owed, paid and distributed premium of a program between ``start`` and ``end`` (inclusive),
    for one brand and/or one facility when given. Amounts in other currencies are left out."""
    from wsr.purchases.models import PurchaseLine

    lines = PurchaseLine.objects.filter(program=program, date__gte=start, date__lte=end)
    payments = Payment.objects.filter(
        program=program, status=PaymentStatus.CONFIRMED, paid_on__gte=start, paid_on__lte=end
    )
    distributions = Distribution.objects.filter(
        program=program, reversed=False, period_end__gte=start, period_end__lte=end
    )
    if brand is not None:
        lines, payments = lines.filter(brand=brand), payments.filter(brand=brand)
        distributions = distributions.filter(brand=brand)
    if facility is not None:
        lines, payments = lines.filter(facility=facility), payments.filter(facility=facility)
        distributions = distributions.filter(facility=facility)
    currency = _scope_currency(program, lines)
    owed = lines.filter(currency=currency).aggregate(s=Sum("premium_minor"))["s"] or 0
    paid = payments.filter(currency=currency).aggregate(s=Sum("amount_minor"))["s"] or 0
    distributed = distributions.filter(currency=currency).aggregate(s=Sum("distributed_minor"))["s"] or 0
    return PremiumTotals(int(owed), int(paid), int(distributed), currency)


# --- scope of an actor ----------------------------------------------------------------------------


def ledger_scope(*, actor: Actor, program: Program) -> dict[str, Any]:
    """The filter an actor's reads get: staff see the program; a brand its own rows; a supplier
    the rows of its facilities. Raises NotFound when the actor has no ledger view here."""
    if actor.can(LC.VIEW_ALL, program.pk):
        return {}
    if actor.can(LC.VIEW_BRAND, program.pk) and actor.organisation_kind == OrgKind.BRAND:
        return {"brand_id": actor.organisation_id}
    if actor.can(LC.VIEW_SUPPLIER, program.pk) and actor.organisation_kind == OrgKind.SUPPLIER:
        return {"facility__supplier_id": actor.organisation_id}
    raise NotFound("ledger")


def payments_for_actor(*, actor: Actor, program: Program) -> QuerySet[Payment]:
    scope = ledger_scope(actor=actor, program=program)
    return Payment.objects.filter(program=program, **scope).select_related("brand", "supplier", "facility")


def payment_get_for_actor(*, actor: Actor, program: Program, public_id: str) -> Payment:
    """The payment if the actor may see it; NotFound (404) for every other tenant."""
    found = payments_for_actor(actor=actor, program=program).filter(public_id=public_id).first()
    if found is None:
        raise NotFound("payment")
    return found


def distributions_for_actor(*, actor: Actor, program: Program) -> QuerySet[Distribution]:
    scope = ledger_scope(actor=actor, program=program)
    return Distribution.objects.filter(program=program, **scope).select_related("brand", "facility", "supplier")


def distribution_get_for_actor(*, actor: Actor, program: Program, public_id: str) -> Distribution:
    found = distributions_for_actor(actor=actor, program=program).filter(public_id=public_id).first()
    if found is None:
        raise NotFound("distribution")
    return found


def findings_for_actor(*, actor: Actor, program: Program, status: str = FindingStatus.OPEN) -> QuerySet[Finding]:
    scope = ledger_scope(actor=actor, program=program)
    found = Finding.objects.filter(program=program, **scope).select_related("brand", "facility")
    return found.filter(status=status) if status else found


def finding_get_for_actor(*, actor: Actor, program: Program, public_id: str) -> Finding:
    found = findings_for_actor(actor=actor, program=program, status="").filter(public_id=public_id).first()
    if found is None:
        raise NotFound("finding")
    return found


# --- pages ------------------------------------------------------------------------------------------


@dataclass
class KeyTotals:
    """Everything of one brand at one facility, over all time."""

    brand: Any
    facility: Any
    currency: str
    owed: int = 0
    paid: int = 0
    pending: int = 0  # recorded by the brand, not yet confirmed by the supplier
    distributed: int = 0
    admin_share: int = 0

    @property
    def unpaid(self) -> int:
        return self.owed - self.paid

    @property
    def undistributed(self) -> int:
        return self.paid - self.distributed - self.admin_share


def _allowed_keys(actor: Actor, program: Program) -> tuple[dict[str, Any], Any]:
    scope = ledger_scope(actor=actor, program=program)

    def allowed(brand_id: int, facility: Any) -> bool:
        if "brand_id" in scope:
            return bool(brand_id == scope["brand_id"])
        if "facility__supplier_id" in scope:
            return bool(facility.supplier_id == scope["facility__supplier_id"])
        return True

    return scope, allowed


def key_totals(
    *, actor: Actor, program: Program, brand_id: int | None = None, facility_id: int | None = None
) -> list[KeyTotals]:
    """Per (brand, facility) the actor may see: owed, paid, pending, distributed, admin share."""
    from wsr.accounts.models import Organisation
    from wsr.ledger.reconcile import reconciliation_table
    from wsr.registry.models import Facility

    _scope, allowed = _allowed_keys(actor, program)
    table = reconciliation_table(program)
    facilities = Facility.objects.in_bulk({r.facility_id for r in table})
    brands = Organisation.objects.in_bulk({r.brand_id for r in table})
    out: dict[tuple[int, int], KeyTotals] = {}
    for r in table:
        facility = facilities[r.facility_id]
        if not allowed(r.brand_id, facility):
            continue
        if (brand_id and r.brand_id != brand_id) or (facility_id and r.facility_id != facility_id):
            continue
        k = out.setdefault((r.brand_id, r.facility_id), KeyTotals(brands[r.brand_id], facility, r.currency))
        k.owed += r.owed
        k.paid += r.paid
        k.distributed += r.distributed
        k.admin_share += r.admin_share
    pending = (
        payments_for_actor(actor=actor, program=program)
        .filter(status=PaymentStatus.RECORDED)
        .values_list("brand_id", "facility_id")
        .annotate(s=Sum("amount_minor"))
    )
    for b, f, amount in pending:
        if (b, f) in out:
            out[(b, f)].pending = int(amount)
    return sorted(out.values(), key=lambda k: (k.brand.name, k.facility.name))


@dataclass(frozen=True)
class SeasonPoint:
    name: str
    owed: int
    paid: int
    distributed: int
    currency: str


def season_series(*, actor: Actor, program: Program) -> list[SeasonPoint]:
    """Premium owed, paid and distributed per season of the program, in the actor's scope."""
    from wsr.registry.models import Facility

    scope = ledger_scope(actor=actor, program=program)
    points = []
    for season in program.seasons.order_by("starts_on"):
        window: dict[str, Any] = {"program": program, "start": season.starts_on, "end": season.ends_on}
        if "facility__supplier_id" in scope:
            own = Facility.objects.filter(supplier_id=scope["facility__supplier_id"], program_links__program=program)
            parts = [premium_totals(**window, facility=f) for f in own]
            currency = parts[0].currency if parts else program.currency
            same = [t for t in parts if t.currency == currency]
            totals = PremiumTotals(
                sum(t.owed_minor for t in same),
                sum(t.paid_minor for t in same),
                sum(t.distributed_minor for t in same),
                currency,
            )
        else:
            brand = None
            if "brand_id" in scope:
                from wsr.accounts.models import Organisation

                brand = Organisation.objects.get(pk=scope["brand_id"])
            totals = premium_totals(**window, brand=brand)
        points.append(SeasonPoint(season.name, totals.owed_minor, totals.paid_minor, totals.distributed_minor,
                                  totals.currency))  # fmt: skip
    return points


def lines_for_key(*, program: Program, brand_id: int, facility_id: int, limit: int = 200) -> list[Any]:
    """The latest purchase lines of a brand at a facility (the drill-down of the reconciliation)."""
    from wsr.purchases.models import PurchaseLine

    return list(
        PurchaseLine.objects.filter(program=program, brand_id=brand_id, facility_id=facility_id)
        .select_related("reverses")
        .order_by("-date", "-pk")[:limit]
    )
