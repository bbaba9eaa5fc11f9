"""Checking one purchase line and pricing it: facility, agreement in force, premium term, unit
conversion, currency, exact amounts, eligibility. Everything the database would be asked once per
line is asked once per distinct value and kept (facilities, agreement of a date, standing history
of a facility), so a million lines cost a handful of queries.

Decisions (docs/decisions/0032-purchase-reports.md):
- ``facility`` is the public id of a facility linked to the program (any period). The brand need
  not have declared that it sources there: a purchase it did not declare is still a purchase, and
  refusing it would hide exactly the buying the program must see. Eligibility follows the
  program's standing history of the facility (``wsr.standing``): a facility never admitted
  (applicant) or suspended that day makes the line a breach.
- The agreement is the brand's signed agreement version (signed, active, expired or terminated,
  never a draft) whose effective period contains the date; the highest version wins. Its premium
  term for the product (a term listing no product covers every product) prices the line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from wsr.accounts.models import Organisation
from wsr.agreements.models import Agreement
from wsr.agreements.premium import (
    BASIS_POINTS_PER_WHOLE,
    PER_UNIT,
    per_unit_exact,
    percentage_owed,
    round_half_up,
)
from wsr.agreements.transitions import AgreementStatus
from wsr.core.money import exponent
from wsr.programs.models import Program
from wsr.purchases import units
from wsr.purchases.errors import LineError
from wsr.purchases.errors import PurchaseErrorCode as E
from wsr.registry.models import ProgramFacility
from wsr.standing import transitions as standing
from wsr.standing.models import StandingChange

FIELDS = ("line_id", "facility", "date", "product", "quantity", "unit", "value", "currency")
PRICED_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)
MAX_LINE_ID, MAX_PRODUCT, MAX_UNIT = 100, 200, 20
QUANTITY_PLACES = 6
MAX_INTEGER_DIGITS = 15
BIGINT_MAX = 2**63 - 1
MAX_CONTEXTS = 50_000

_BAD_TEXT = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_CURRENCY = re.compile(r"[A-Z]{3}\Z")


@dataclass(slots=True)
class ValidLine:
    line_id: str
    facility_id: int
    agreement_id: int
    date: dt.date
    product: str
    quantity: Decimal
    unit: str
    value_minor: int
    currency: str
    premium_minor: int
    eligible: bool


@dataclass(frozen=True, slots=True)
class _Term:
    kind: str
    currency: str
    amount_minor_per_unit: int
    unit: str
    basis_points: int
    products: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Context:
    day: dt.date | None
    version_pk: int
    term: _Term | None
    unit: str | None
    factor: Fraction | None
    places: int | None  # the currency's decimals; None when the code is no currency
    errors: tuple[tuple[str, str, dict[str, Any]], ...]


@dataclass(frozen=True, slots=True)
class _Version:
    pk: int
    start: dt.date
    end: dt.date | None
    terms: tuple[_Term, ...]


class Checker:
    """Checks and prices the lines of one brand in one program (one instance per upload)."""

    def __init__(self, *, program: Program, brand: Organisation) -> None:
        self.program = program
        self.brand = brand
        self._facilities: dict[str, int] = dict(
            ProgramFacility.objects.filter(program=program).values_list("facility__public_id", "facility_id")
        )
        self._versions = self._load_versions()
        self._version_of: dict[dt.date, _Version | None] = {}
        self._term_of: dict[tuple[int, str], _Term | None] = {}
        self._factor: dict[tuple[str, str], Fraction | None] = {}
        self._histories = self._load_histories()
        self._contexts: dict[tuple[str, str, str, str], _Context] = {}
        self._eligible: dict[tuple[int, dt.date], bool] = {}

    def _load_versions(self) -> list[_Version]:
        qs = (
            Agreement.objects.filter(program=self.program, brand=self.brand, status__in=list(PRICED_STATUSES))
            .prefetch_related("premium_terms")
            .order_by("-version", "-pk")
        )
        return [
            _Version(
                pk=a.pk,
                start=a.effective_from,
                end=a.effective_until,
                terms=tuple(
                    _Term(
                        kind=t.kind,
                        currency=t.currency,
                        amount_minor_per_unit=int(t.amount_minor_per_unit or 0),
                        unit=t.unit,
                        basis_points=int(t.basis_points or 0),
                        products=frozenset(str(p).strip().lower() for p in t.products or []),
                    )
                    for t in a.premium_terms.all()
                ),
            )
            for a in qs
        ]

    def _load_histories(self) -> dict[int, list[standing.Change]]:
        """Every facility's standing history in the program, in one query (the order of
        ``wsr.standing.selectors.history_of``)."""
        histories: dict[int, list[standing.Change]] = {}
        rows = (
            StandingChange.objects.filter(program=self.program)
            .order_by("effective_at", "pk")
            .values_list("facility_id", "effective_at", "after")
        )
        for facility_id, at, after in rows.iterator(chunk_size=5000):
            histories.setdefault(facility_id, []).append(standing.Change(at=at, to=after))
        return histories

    # --- lookups kept per distinct value -------------------------------------------------------

    def facility_pk(self, public_id: str) -> int | None:
        return self._facilities.get(public_id)

    def version_on(self, day: dt.date) -> _Version | None:
        if day not in self._version_of:
            self._version_of[day] = next(
                (v for v in self._versions if v.start <= day and (v.end is None or day <= v.end)), None
            )
        return self._version_of[day]

    def term_for(self, version: _Version, product: str) -> _Term | None:
        key = (version.pk, product.strip().lower())
        if key not in self._term_of:
            self._term_of[key] = next((t for t in version.terms if not t.products or key[1] in t.products), None)
        return self._term_of[key]

    def unit_factor(self, given: str, wanted: str) -> Fraction | None:
        key = (given, wanted)
        if key not in self._factor:
            self._factor[key] = units.factor(given, wanted)
        return self._factor[key]

    def eligible_on(self, facility_pk: int, day: dt.date) -> bool:
        key = (facility_pk, day)
        found = self._eligible.get(key)
        if found is None:
            found = self._eligible[key] = standing.eligible_on(self._histories.get(facility_pk, []), day)
        return found

    # --- one line --------------------------------------------------------------------------------

    def check(self, line: int, row: Mapping[str, Any]) -> ValidLine | list[LineError]:
        try:  # the common case: every field present, text, clean
            values = [row[name].strip() for name in FIELDS]
        except (KeyError, AttributeError, TypeError):
            values = []
        if values and len(row) == len(FIELDS) and all(values) and not _BAD_TEXT.search("".join(values)):
            return self._check_text(line, dict(zip(FIELDS, values, strict=True)))
        errors: list[LineError] = []
        text: dict[str, str] = {}
        extra = [str(k) for k in row if k not in FIELDS]
        if extra:
            errors.append(LineError(line, "", E.EXTRA_FIELD, {"fields": ", ".join(sorted(extra))[:200]}))
        for name in FIELDS:
            raw = row.get(name)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                errors.append(LineError(line, name, E.REQUIRED))
            elif not isinstance(raw, str) or _BAD_TEXT.search(raw.strip()):
                errors.append(LineError(line, name, E.BAD_TEXT))
            else:
                text[name] = raw.strip()
        if errors:
            return errors
        return self._check_text(line, text)

    def _context(self, date_text: str, product: str, unit_text: str, currency: str) -> _Context:
        """What a line's date, product, unit and currency decide, worked out once per combination."""
        errors: list[tuple[str, str, dict[str, Any]]] = []
        if len(product) > MAX_PRODUCT:
            errors.append(("product", E.TOO_LONG, {"limit": MAX_PRODUCT}))
        if len(unit_text) > MAX_UNIT:
            errors.append(("unit", E.TOO_LONG, {"limit": MAX_UNIT}))
        day = _date(date_text)
        if day is None:
            errors.append(("date", E.BAD_DATE, {}))
        places: int | None = None
        if not _CURRENCY.match(currency):
            errors.append(("currency", E.BAD_CURRENCY, {}))
        else:
            places = exponent(currency)
        unit = units.canonical(unit_text)
        if unit is None:
            errors.append(("unit", E.UNKNOWN_UNIT, {}))
        version = self.version_on(day) if day is not None else None
        if day is not None and version is None:
            errors.append(("date", E.NO_AGREEMENT, {}))
        term = self.term_for(version, product) if version is not None else None
        if version is not None and term is None:
            errors.append(("product", E.NO_TERM, {}))
        if term is not None and places is not None and currency != term.currency:
            errors.append(("currency", E.CURRENCY_MISMATCH, {"expected": term.currency}))
        factor: Fraction | None = None
        if term is not None and term.kind == PER_UNIT and unit is not None:
            factor = self.unit_factor(unit, term.unit)
            if factor is None:
                errors.append(("unit", E.UNIT_MISMATCH, {"unit": term.unit, "given": unit_text[:20]}))
        return _Context(day, version.pk if version else 0, term, unit, factor, places, tuple(errors))

    def _check_text(self, line: int, text: dict[str, str]) -> ValidLine | list[LineError]:
        key = (text["date"], text["product"], text["unit"], text["currency"])
        ctx = self._contexts.get(key)
        if ctx is None:
            if len(self._contexts) >= MAX_CONTEXTS:  # constant memory whatever the file holds
                self._contexts.clear()
            ctx = self._contexts[key] = self._context(*key)
        errors = [LineError(line, column, code, params) for column, code, params in ctx.errors]
        if len(text["line_id"]) > MAX_LINE_ID:
            errors.append(LineError(line, "line_id", E.TOO_LONG, {"limit": MAX_LINE_ID}))
        quantity = _decimal(line, "quantity", text["quantity"], QUANTITY_PLACES, errors)
        if quantity is not None and quantity <= 0:
            errors.append(LineError(line, "quantity", E.NOT_POSITIVE))
            quantity = None
        value_minor = _minor(line, text["value"], ctx.places, errors) if ctx.places is not None else None
        facility_pk = self._facilities.get(text["facility"])
        if facility_pk is None:
            errors.append(LineError(line, "facility", E.UNKNOWN_FACILITY))
        if errors:
            return errors
        term, day = ctx.term, ctx.day
        assert term is not None and day is not None and ctx.unit is not None
        assert facility_pk is not None and quantity is not None and value_minor is not None
        if term.kind == PER_UNIT:
            assert ctx.factor is not None
            premium = per_unit_minor(term.amount_minor_per_unit, quantity, ctx.factor)
        else:
            premium = percent_minor(value_minor, term.basis_points)
        if premium > BIGINT_MAX:
            return [LineError(line, "quantity", E.NUMBER_TOO_LARGE)]
        return ValidLine(
            line_id=text["line_id"],
            facility_id=facility_pk,
            agreement_id=ctx.version_pk,
            date=day,
            product=text["product"],
            quantity=quantity,
            unit=ctx.unit,
            value_minor=value_minor,
            currency=text["currency"],
            premium_minor=premium,
            eligible=self.eligible_on(facility_pk, day),
        )


def per_unit_minor(amount_minor_per_unit: int, quantity: Decimal, factor: Fraction) -> int:
    """``round_half_up(per_unit_exact(amount, quantity) * factor)`` of ``wsr.agreements.premium``
    (decision 0006) in integer arithmetic: the same number (tests/purchases/test_units.py checks it
    against premium.py with hypothesis), without building Fractions a million times."""
    sign, digits, exp = quantity.as_tuple()
    if sign or not isinstance(exp, int):
        return round_half_up(per_unit_exact(amount_minor_per_unit=amount_minor_per_unit, quantity=quantity) * factor)
    number = int("".join(map(str, digits)) or "0")
    num = amount_minor_per_unit * number * factor.numerator * (10**exp if exp > 0 else 1)
    den = factor.denominator * (10**-exp if exp < 0 else 1)
    return (2 * num + den) // (2 * den)


def percent_minor(value_minor: int, basis_points: int) -> int:
    """``percentage_owed`` of ``wsr.agreements.premium`` in integer arithmetic (same rule, tested equal)."""
    if value_minor < 0 or basis_points < 0:
        return percentage_owed(value_minor=value_minor, basis_points=basis_points)  # raises as premium.py does
    return (2 * value_minor * basis_points + BASIS_POINTS_PER_WHOLE) // (2 * BASIS_POINTS_PER_WHOLE)


def _date(text: str) -> dt.date | None:
    if not _DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _number_parts(line: int, column: str, text: str, places: int, errors: list[LineError]) -> tuple[str, str] | None:
    if len(text) > 64:
        errors.append(LineError(line, column, E.NUMBER_TOO_LARGE))
        return None
    whole, dot, frac = text.partition(".")
    if not (whole.isdigit() and whole.isascii()) or (dot and not (frac.isdigit() and frac.isascii())):
        errors.append(LineError(line, column, E.BAD_NUMBER))
        return None
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0")
    if len(whole) > MAX_INTEGER_DIGITS:
        errors.append(LineError(line, column, E.NUMBER_TOO_LARGE))
        return None
    if len(frac) > places:
        errors.append(LineError(line, column, E.TOO_MANY_DECIMALS, {"places": places}))
        return None
    return whole, frac


def _decimal(line: int, column: str, text: str, places: int, errors: list[LineError]) -> Decimal | None:
    parts = _number_parts(line, column, text, places, errors)
    if parts is None:
        return None
    whole, frac = parts
    return Decimal(f"{whole}.{frac}" if frac else whole)


def _minor(line: int, text: str, places: int, errors: list[LineError]) -> int | None:
    """A value in major units with at most the currency's decimals, as exact minor units."""
    parts = _number_parts(line, "value", text, places, errors)
    if parts is None:
        return None
    whole, frac = parts
    return int(whole) * 10**places + (int(frac.ljust(places, "0")) if places else 0)
