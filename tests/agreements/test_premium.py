"""Premium arithmetic: exact integers, half-up once per line (docs/decisions/0006)."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from wsr.agreements.premium import (
    PER_UNIT,
    PERCENT,
    PremiumError,
    PremiumRate,
    PurchaseLine,
    per_unit_owed,
    percentage_owed,
    premium_owed,
    round_half_up,
)
from wsr.core.money import Money

amounts = st.integers(min_value=0, max_value=10**6)
basis_points = st.integers(min_value=0, max_value=10000)
values = st.integers(min_value=0, max_value=10**15)
# Quantities such as pounds with up to 3 decimals, or whole units.
quantities = st.one_of(
    st.integers(min_value=0, max_value=10**9),
    st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
)


def test_one_cent_per_pound_on_32000_lb_is_32000_cents():
    assert per_unit_owed(amount_minor_per_unit=1, quantity=32000) == 32000
    assert per_unit_owed(amount_minor_per_unit=1, quantity=Decimal("32000.000")) == 32000


def test_half_a_percent_of_1234567_rounds_half_up_to_6173():
    # 1,234,567 x 50 / 10,000 = 6,172.835
    assert percentage_owed(value_minor=1_234_567, basis_points=50) == 6173


def test_rounding_happens_once_per_line_not_per_unit():
    # 0.4 cent per lb would round to 0 per pound; on the line, 1,000 lb owe 400 cents.
    assert round_half_up(Fraction(2, 5)) == 0
    assert per_unit_owed(amount_minor_per_unit=1, quantity=Decimal("0.4")) == 0
    assert per_unit_owed(amount_minor_per_unit=4, quantity=Decimal("100.000")) == 400
    assert per_unit_owed(amount_minor_per_unit=32, quantity=Decimal("1.5")) == 48


def test_exact_halves_go_up():
    assert round_half_up(Fraction(1, 2)) == 1
    assert round_half_up(Fraction(5, 2)) == 3
    assert per_unit_owed(amount_minor_per_unit=1, quantity=Decimal("2.5")) == 3
    assert percentage_owed(value_minor=1, basis_points=5000) == 1
    assert percentage_owed(value_minor=1, basis_points=4999) == 0


@given(amount=amounts, quantity=quantities)
@example(amount=1, quantity=Decimal("2.5"))
@example(amount=3, quantity=Decimal("0.5"))
def test_per_unit_is_the_exact_product_rounded_half_up(amount, quantity):
    exact = amount * Fraction(quantity)
    owed = per_unit_owed(amount_minor_per_unit=amount, quantity=quantity)
    assert isinstance(owed, int)
    assert abs(owed - exact) <= Fraction(1, 2)
    assert owed == math.floor(exact + Fraction(1, 2))  # half up: a tie goes to the larger integer


@given(value=values, bp=basis_points)
def test_percentage_is_the_exact_share_rounded_half_up(value, bp):
    exact = Fraction(value * bp, 10000)
    owed = percentage_owed(value_minor=value, basis_points=bp)
    assert isinstance(owed, int)
    assert abs(owed - exact) <= Fraction(1, 2)
    assert owed == math.floor(exact + Fraction(1, 2))


@given(amount=amounts, a=quantities, b=quantities)
def test_per_unit_is_monotone_in_quantity(amount, a, b):
    qa, qb = (a, b) if Fraction(a) <= Fraction(b) else (b, a)
    assert per_unit_owed(amount_minor_per_unit=amount, quantity=qa) <= per_unit_owed(
        amount_minor_per_unit=amount, quantity=qb
    )


@given(bp=basis_points, a=values, b=values)
def test_percentage_is_monotone_in_value(bp, a, b):
    low, high = sorted((a, b))
    assert percentage_owed(value_minor=low, basis_points=bp) <= percentage_owed(value_minor=high, basis_points=bp)


@given(amount=amounts, bp=basis_points)
def test_nothing_bought_owes_nothing(amount, bp):
    assert per_unit_owed(amount_minor_per_unit=amount, quantity=0) == 0
    assert per_unit_owed(amount_minor_per_unit=amount, quantity=Decimal("0.000")) == 0
    assert percentage_owed(value_minor=0, basis_points=bp) == 0


@given(q=st.decimals(max_value=Decimal("-0.001"), allow_nan=False, allow_infinity=False, places=3))
def test_negative_quantities_are_refused(q):
    with pytest.raises(PremiumError):
        per_unit_owed(amount_minor_per_unit=1, quantity=q)


def test_negative_values_floats_and_non_finite_quantities_are_refused():
    with pytest.raises(PremiumError):
        percentage_owed(value_minor=-1, basis_points=50)
    with pytest.raises(PremiumError):
        per_unit_owed(amount_minor_per_unit=1, quantity=-1)
    with pytest.raises(TypeError):
        per_unit_owed(amount_minor_per_unit=1, quantity=1.5)  # type: ignore[arg-type]
    with pytest.raises(PremiumError):
        per_unit_owed(amount_minor_per_unit=1, quantity=Decimal("Infinity"))
    with pytest.raises(TypeError):
        percentage_owed(value_minor=100, basis_points=0.5)  # type: ignore[arg-type]


def test_premium_owed_refuses_a_currency_or_unit_mismatch():
    per_lb = PremiumRate(kind=PER_UNIT, currency="USD", amount_minor_per_unit=1, unit="lb")
    share = PremiumRate(kind=PERCENT, currency="USD", basis_points=50)
    assert premium_owed(per_lb, PurchaseLine(quantity=32000, unit="lb")) == Money(32000, "USD")
    assert premium_owed(share, PurchaseLine(value=Money(1_234_567, "USD"))) == Money(6173, "USD")
    with pytest.raises(PremiumError):
        premium_owed(share, PurchaseLine(value=Money(1_234_567, "EUR")))
    with pytest.raises(PremiumError):
        premium_owed(per_lb, PurchaseLine(quantity=10, unit="lb", value=Money(500, "MXN")))
    with pytest.raises(PremiumError):
        premium_owed(per_lb, PurchaseLine(quantity=10, unit="kg"))
    with pytest.raises(PremiumError):
        premium_owed(share, PurchaseLine(quantity=10, unit="lb"))


@given(value=values, bp=basis_points)
def test_premium_owed_keeps_the_term_currency(value, bp):
    owed = premium_owed(
        PremiumRate(kind=PERCENT, currency="BDT", basis_points=bp), PurchaseLine(value=Money(value, "BDT"))
    )
    assert owed.currency == "BDT"
    assert owed.minor == percentage_owed(value_minor=value, basis_points=bp)
