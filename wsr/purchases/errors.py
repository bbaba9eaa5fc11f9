"""Stable codes of the refusals of purchase reports, and the message of each in the reader's
language. A line error is stored as (line, column, code, params) and worded when shown, so the
brand reads it in its own language whoever uploaded the file. Codes never change once released."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wsr.core.errors import DomainError


class PurchaseErrorCode(StrEnum):
    # the file as a whole
    NOT_A_BRAND = "not_a_brand"
    EMPTY = "empty"
    BAD_HEADER = "bad_header"
    BAD_FORMAT = "bad_format"
    TOO_LARGE = "too_large"
    BAD_ENCODING = "bad_encoding"
    REFUSED = "refused"  # the upload had line errors: nothing recorded
    # one line
    REQUIRED = "required"
    BAD_TEXT = "bad_text"
    TOO_LONG = "too_long"
    BAD_DATE = "bad_date"
    BAD_NUMBER = "bad_number"
    NOT_POSITIVE = "not_positive"
    TOO_MANY_DECIMALS = "too_many_decimals"
    NUMBER_TOO_LARGE = "number_too_large"
    UNKNOWN_FACILITY = "unknown_facility"
    UNKNOWN_UNIT = "unknown_unit"
    UNIT_MISMATCH = "unit_mismatch"
    BAD_CURRENCY = "bad_currency"
    CURRENCY_MISMATCH = "currency_mismatch"
    NO_AGREEMENT = "no_agreement"
    NO_TERM = "no_term"
    REPEATED_LINE = "repeated_line"
    EXTRA_FIELD = "extra_field"


MESSAGES: dict[str, Promise] = {
    PurchaseErrorCode.NOT_A_BRAND: _("Only a brand reports purchases."),
    PurchaseErrorCode.EMPTY: _("The file has no purchase lines."),
    PurchaseErrorCode.BAD_HEADER: _("The first line must name the columns %(expected)s; missing: %(missing)s."),
    PurchaseErrorCode.BAD_FORMAT: _("This is not a CSV, XLSX or JSON-lines file."),
    PurchaseErrorCode.TOO_LARGE: _("The file is larger than %(limit)s bytes."),
    PurchaseErrorCode.BAD_ENCODING: _("The file is not valid UTF-8 text."),
    PurchaseErrorCode.REFUSED: _(
        "%(count)s line(s) have errors: nothing was recorded. Correct them and send the file again."
    ),
    PurchaseErrorCode.REQUIRED: _("This value is required."),
    PurchaseErrorCode.BAD_TEXT: _("The text contains a control character or an invalid character."),
    PurchaseErrorCode.TOO_LONG: _("At most %(limit)s characters."),
    PurchaseErrorCode.BAD_DATE: _("Not a date in the form YYYY-MM-DD."),
    PurchaseErrorCode.BAD_NUMBER: _("Not a number: write digits with a dot for decimals, e.g. 1234.50."),
    PurchaseErrorCode.NOT_POSITIVE: _("The quantity must be more than zero."),
    PurchaseErrorCode.TOO_MANY_DECIMALS: _("At most %(places)s decimal places."),
    PurchaseErrorCode.NUMBER_TOO_LARGE: _("The number is too large."),
    PurchaseErrorCode.UNKNOWN_FACILITY: _("No facility with this id takes part in the program."),
    PurchaseErrorCode.UNKNOWN_UNIT: _("Unknown unit; use e.g. kg, lb, t, oz, piece, dozen, l."),
    PurchaseErrorCode.UNIT_MISMATCH: _("The premium of this product is per %(unit)s; %(given)s cannot be converted."),
    PurchaseErrorCode.BAD_CURRENCY: _("Not an ISO 4217 currency code (three capital letters)."),
    PurchaseErrorCode.CURRENCY_MISMATCH: _("The agreement's premium is in %(expected)s."),
    PurchaseErrorCode.NO_AGREEMENT: _("No signed agreement of yours with this program covers this date."),
    PurchaseErrorCode.NO_TERM: _("No premium term of the agreement covers this product."),
    PurchaseErrorCode.REPEATED_LINE: _("This line id appears more than once in the file."),
    PurchaseErrorCode.EXTRA_FIELD: _("Unknown field(s): %(fields)s."),
}


def message(code: str, params: dict[str, Any] | None = None) -> str:
    """The message of ``code`` in the active language."""
    text = str(MESSAGES.get(code, MESSAGES[PurchaseErrorCode.REFUSED]))  # lazy: worded in the active language
    try:
        return text % (params or {})
    except (KeyError, TypeError, ValueError):
        return text


@dataclass(frozen=True)
class LineError:
    line: int  # line number in the file (the header is line 1)
    column: str  # the field, or "" for the whole line
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "code": self.code, "params": self.params}

    @property
    def reason(self) -> str:
        return message(self.code, self.params)


class PurchaseRefused(DomainError):
    """The whole report is refused (nothing recorded); ``errors`` lists the first line errors."""

    def __init__(self, code: str, params: dict[str, Any] | None = None, errors: list[LineError] | None = None) -> None:
        super().__init__(message(code, params), code=code)
        self.errors = errors or []
        self.params = params or {}
