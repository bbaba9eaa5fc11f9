"""Premium arithmetic: exact, integer minor units, one documented rounding rule. No floats, no Django.

Rule (docs/decisions/0006-agreements-and-premium-rounding.md):

* The premium of one purchase line is computed exactly as a rational number and rounded **once**,
  at the end, to whole minor units, **half up** (ties away from zero; quantities and values are
  never negative, so this is "x.5 goes up").
* Per unit: ``owed = round_half_up(amount_minor_per_unit * quantity)``; ``quantity`` is an
  ``int`` or a finite ``Decimal`` (e.g. 1234.567 lb), taken exactly.
* Percentage: ``owed = round_half_up(value_minor * basis_points / 10000)``.
* Never per unit and then summed: 1,000 lines of 0.4 cent each owe 400 cents in one line but
  0 if rounded per unit. Totals over many lines are sums of already rounded lines, so each line
  is what appears on an invoice and the sum matches the invoices exactly.

Worked examples: 1 US cent per pound on 32,000 lb owes 32,000 cents; 0.5 % (50 basis points)
of 1,234,567 minor units is 6,172.835 and owes 6,173.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from wsr.core.errors import DomainError
from wsr.core.money import Money

PER_UNIT = "per_unit"
PERCENT = "percent"
BASIS_POINTS_PER_WHOLE = 10000


class PremiumError(DomainError):
    pass


def round_half_up(value: Fraction) -> int:
    """Nearest integer; exact halves go up (away from zero for the non-negative values used here)."""
    if value < 0:
        raise PremiumError("Premiums are never computed on negative amounts.")
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def _exact_quantity(quantity: Decimal | int) -> Fraction:
    if isinstance(quantity, bool) or not isinstance(quantity, (int, Decimal)):
        raise TypeError("A quantity must be an int or a Decimal, never a float.")
    if isinstance(quantity, Decimal) and not quantity.is_finite():
        raise PremiumError("A quantity must be a finite number.")
    exact = Fraction(quantity)
    if exact < 0:
        raise PremiumError("A quantity cannot be negative; report a correction as its own line.")
    return exact


def per_unit_exact(*, amount_minor_per_unit: int, quantity: Decimal | int) -> Fraction:
    if isinstance(amount_minor_per_unit, bool) or not isinstance(amount_minor_per_unit, int):
        raise TypeError("The amount per unit must be an int in minor units.")
    if amount_minor_per_unit < 0:
        raise PremiumError("The amount per unit cannot be negative.")
    return amount_minor_per_unit * _exact_quantity(quantity)


def per_unit_owed(*, amount_minor_per_unit: int, quantity: Decimal | int) -> int:
    """Minor units owed on ``quantity`` units at ``amount_minor_per_unit`` each, rounded once half up."""
    return round_half_up(per_unit_exact(amount_minor_per_unit=amount_minor_per_unit, quantity=quantity))


def percentage_exact(*, value_minor: int, basis_points: int) -> Fraction:
    for name, number in (("value", value_minor), ("basis points", basis_points)):
        if isinstance(number, bool) or not isinstance(number, int):
            raise TypeError(f"The {name} must be an int.")
        if number < 0:
            raise PremiumError(f"The {name} cannot be negative.")
    return Fraction(value_minor * basis_points, BASIS_POINTS_PER_WHOLE)


def percentage_owed(*, value_minor: int, basis_points: int) -> int:
    """Minor units owed on a purchase worth ``value_minor`` at ``basis_points`` / 10000, rounded once half up."""
    return round_half_up(percentage_exact(value_minor=value_minor, basis_points=basis_points))


@dataclass(frozen=True)
class PremiumRate:
    """One premium term of an agreement, detached from the database."""

    kind: str
    currency: str
    amount_minor_per_unit: int = 0
    unit: str = ""
    basis_points: int = 0
    products: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PurchaseLine:
    """What a brand reports for one purchase: a quantity in a unit, and/or its value."""

    quantity: Decimal | int | None = None
    unit: str = ""
    value: Money | None = None


def premium_owed(rate: PremiumRate, line: PurchaseLine) -> Money:
    """The premium one purchase line owes under one term. Refuses other currencies and other units."""
    if rate.kind == PER_UNIT:
        if line.quantity is None:
            raise PremiumError("A per-unit premium needs the quantity bought.")
        if line.unit and rate.unit and line.unit.strip().lower() != rate.unit.strip().lower():
            raise PremiumError(f"The term is per {rate.unit}; the purchase is reported in {line.unit}.")
        if line.value is not None and line.value.currency != rate.currency:
            raise PremiumError(f"The term is in {rate.currency}; the purchase is in {line.value.currency}.")
        owed = per_unit_owed(amount_minor_per_unit=rate.amount_minor_per_unit, quantity=line.quantity)
        return Money(owed, rate.currency)
    if rate.kind == PERCENT:
        if line.value is None:
            raise PremiumError("A percentage premium needs the purchase value.")
        if line.value.currency != rate.currency:
            raise PremiumError(f"The term is in {rate.currency}; the purchase is in {line.value.currency}.")
        owed = percentage_owed(value_minor=line.value.minor, basis_points=rate.basis_points)
        return Money(owed, rate.currency)
    raise PremiumError(f"Unknown premium kind: {rate.kind!r}")
