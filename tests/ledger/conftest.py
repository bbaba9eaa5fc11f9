"""Constructed ledger data: purchase lines written directly (the purchases domain tests its own
ingest), payments and distributions through the ledger's services."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest

from wsr.accounts.selectors import actor_for_user
from wsr.agreements.models import Agreement
from wsr.core import clock
from wsr.ledger import services
from wsr.ledger.models import Distribution, Payment
from wsr.purchases.models import PurchaseLine, PurchaseUpload

_numbers = itertools.count(1)


def agreement(personas: Any, brand_user: Any) -> Agreement:
    found = Agreement.objects.filter(program=personas.program, brand=brand_user.organisation).first()
    if found is not None:
        return found
    return Agreement.objects.create(
        program=personas.program,
        brand=brand_user.organisation,
        title=f"Agreement with {brand_user.organisation.name}",
        status="active",
        effective_from=dt.date(2020, 1, 1),
    )


def line(
    personas: Any,
    brand_user: Any,
    facility: Any,
    *,
    on: dt.date,
    premium: int,
    eligible: bool = True,
    reverses: PurchaseLine | None = None,
) -> PurchaseLine:
    """One purchase line (a reversal when ``reverses`` is given: the negated amounts)."""
    agr = agreement(personas, brand_user)
    upload = PurchaseUpload.objects.create(
        program=personas.program, brand=brand_user.organisation, created_at=clock.now(), status="done"
    )
    n = next(_numbers)
    return PurchaseLine.objects.create(
        program=personas.program,
        brand=brand_user.organisation,
        agreement=agr,
        facility=facility,
        upload=upload,
        line_id=reverses.line_id if reverses else f"L{n}",
        date=on,
        product="tomatoes",
        quantity=Decimal(-100 if reverses else 100),
        unit="lb",
        value_minor=-10_000 if reverses else 10_000,
        currency="USD",
        premium_minor=premium,
        eligible=eligible,
        reverses=reverses,
        current=reverses is None,
        created_at=clock.now(),
    )


def pay(
    personas: Any, brand_user: Any, facility: Any, *, amount: int, on: dt.date, confirm: bool = True,
    period: dt.date | None = None,
) -> Payment:  # fmt: skip
    """A payment for the purchases of the month of ``period`` (by default the month it is paid in)."""
    payment = services.payment_record(
        actor=actor_for_user(brand_user),
        program=personas.program,
        facility=facility.public_id,
        amount_minor=amount,
        currency="USD",
        paid_on=on,
        period=period or on,
        reference=f"TRX-{next(_numbers)}",
    )
    if confirm:
        supplier = personas.supplier_x if facility == personas.facility_x else personas.supplier_y
        payment = services.payment_confirm(actor=actor_for_user(supplier), payment=payment)
    return payment


def distribute(
    personas: Any, brand_user: Any, facility: Any, *, start: dt.date, end: dt.date, amount: int, admin: int = 0,
    audited: bool = False,
) -> Distribution:  # fmt: skip
    supplier = personas.supplier_x if facility == personas.facility_x else personas.supplier_y
    actor = actor_for_user(personas.council_admin if audited else supplier)
    return services.distribution_record(
        actor=actor,
        program=personas.program,
        item=services.DistributionInput(
            facility=facility.public_id,
            brand=brand_user.organisation.public_id,
            period_start=start,
            period_end=end,
            workers_paid=40,
            distributed_minor=amount,
            admin_share_minor=admin,
            currency="USD",
        ),
        source="audit" if audited else "form",
    )


@pytest.fixture
def ledger_personas(personas: Any) -> Any:
    agreement(personas, personas.brand_a)
    agreement(personas, personas.brand_b)
    return personas
