"""Builders for purchase tests: an agreement with premium terms, standing histories written as rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from wsr.accounts.selectors import actor_for_user
from wsr.agreements.models import Agreement, PremiumTerm
from wsr.core.permissions import Actor
from wsr.standing.models import Decision, FacilityStanding, StandingChange

START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)
HEADER = "line_id,facility,date,product,quantity,unit,value,currency"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def actor(user: Any) -> Actor:
    return actor_for_user(user)


def agreement_with_terms(
    personas: Any,
    brand_user: Any,
    *,
    cents_per_lb: int = 1,
    percent_bp: int | None = None,
    currency: str = "USD",
    start: dt.date = START,
    end: dt.date | None = END,
) -> Agreement:
    """An active agreement: tomatoes at ``cents_per_lb`` per pound; with ``percent_bp`` also
    peppers at that share of value."""
    agreement = Agreement.objects.create(
        program=personas.program,
        brand=brand_user.organisation,
        title=f"Agreement with {brand_user.organisation.name}",
        status="active",
        effective_from=start,
        effective_until=end,
    )
    PremiumTerm.objects.create(
        agreement=agreement,
        kind="per_unit",
        amount_minor_per_unit=cents_per_lb,
        unit="lb",
        currency=currency,
        products=["tomatoes"],
    )
    if percent_bp is not None:
        PremiumTerm.objects.create(
            agreement=agreement,
            kind="percent",
            basis_points=percent_bp,
            currency=currency,
            products=["peppers"],
            position=1,
        )
    return agreement


def standing_history(personas: Any, facility: Any, *changes: tuple[dt.datetime, str]) -> None:
    """Write the facility's standing changes in the program directly (standing has its own tests)."""
    program = personas.program
    standing, _ = FacilityStanding.objects.get_or_create(program=program, facility=facility)
    decision = Decision.objects.create(program=program, target="suspended", grounds="monitor_decision", reason="r")
    before = "applicant"
    for at, to in changes:
        StandingChange.objects.create(
            standing=standing,
            decision=decision,
            program=program,
            facility=facility,
            before=before,
            after=to,
            effective_at=at,
        )
        before = to


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


@pytest.fixture
def priced(personas: Any) -> Any:
    """Brand A's agreement (1 cent per lb of tomatoes, 0.5 % of peppers), facility X participating
    all year, facility Y participating (brand A does not declare sourcing there)."""
    agreement_with_terms(personas, personas.brand_a, percent_bp=50)
    standing_history(personas, personas.facility_x, (at(dt.date(2025, 6, 1)), "participating"))
    standing_history(personas, personas.facility_y, (at(dt.date(2025, 6, 1)), "participating"))
    return personas


def line(n: int | str, fac: Any, **over: str) -> dict[str, str]:
    row = {
        "line_id": f"L{n}",
        "facility": fac.public_id,
        "date": "2026-03-01",
        "product": "tomatoes",
        "quantity": "1000",
        "unit": "lb",
        "value": "500.00",
        "currency": "USD",
    }
    row.update(over)
    return row
