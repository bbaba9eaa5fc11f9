"""Unit conversion and the integer premium arithmetic, against ``Fraction`` and premium.py."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from wsr.agreements.premium import per_unit_exact, percentage_owed, round_half_up
from wsr.purchases import units
from wsr.purchases.validation import _minor, per_unit_minor, percent_minor

NAMES = sorted(units.UNITS) + sorted(units.ALIASES)
QUANTITIES = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("999999999999999"), places=6)


def test_known_factors():
    assert units.factor("lb", "kg") == Fraction(45359237, 100000000)
    assert units.factor("kg", "lb") == 1 / Fraction("0.45359237")
    assert units.factor("oz", "lb") == Fraction(1, 16)
    assert units.factor("t", "kg") == 1000
    assert units.factor("dozen", "pieces") == 12
    assert units.factor(" Pounds ", "LBS") == 1
    assert units.factor("kg", "piece") is None
    assert units.factor("bushel", "kg") is None
    assert units.factor("lb", "32-lb bucket") == Fraction(1, 32)
    assert units.factor("32-LB Buckets", "32-lb bucket") == 1
    assert units.factor("25 kg bag", "kg") == 25
    assert units.canonical("32 pounds bucket") == "32-lb bucket"
    assert units.factor("bucket", "lb") is None
    assert units.factor("32-lb bucket", "dozen") is None


@given(a=st.sampled_from(NAMES), b=st.sampled_from(NAMES), c=st.sampled_from(NAMES))
def test_factors_are_exact_inverse_and_chain(a, b, c):
    ab, ba = units.factor(a, b), units.factor(b, a)
    if ab is None:
        assert ba is None
        return
    assert ab * ba == 1
    bc = units.factor(b, c)
    if bc is not None:
        assert units.factor(a, c) == ab * bc  # exact: no drift through an intermediate unit


@given(
    amount=st.integers(min_value=0, max_value=10**6),
    quantity=QUANTITIES,
    given_unit=st.sampled_from(["lb", "kg", "oz", "t", "g", "cwt"]),
    term_unit=st.sampled_from(["lb", "kg", "t"]),
)
def test_per_unit_premium_matches_premium_py_and_fraction(amount, quantity, given_unit, term_unit):
    factor = units.factor(given_unit, term_unit)
    assert factor is not None
    expected = round_half_up(per_unit_exact(amount_minor_per_unit=amount, quantity=quantity) * factor)
    exact = amount * Fraction(quantity) * factor
    assert per_unit_minor(amount, quantity, factor) == expected
    assert abs(expected - exact) <= Fraction(1, 2)
    assert expected - exact != Fraction(-1, 2)  # ties go up


@given(value=st.integers(min_value=0, max_value=10**17), bp=st.integers(min_value=1, max_value=10000))
def test_percent_premium_matches_premium_py(value, bp):
    assert percent_minor(value, bp) == percentage_owed(value_minor=value, basis_points=bp)


@given(
    whole=st.integers(min_value=0, max_value=10**15 - 1),
    frac=st.text("0123456789", max_size=3),
    exp=st.sampled_from([0, 2, 3]),
)
def test_major_units_to_minor_exactly(whole, frac, exp):
    errors: list = []
    text = f"{whole}.{frac}" if frac else str(whole)
    got = _minor(2, text, exp, errors)
    significant = frac.rstrip("0")
    if len(significant) > exp:
        assert got is None and errors[0].code == "too_many_decimals"
    else:
        assert got == Fraction(Decimal(text)) * 10**exp
        assert isinstance(got, int) and not errors
