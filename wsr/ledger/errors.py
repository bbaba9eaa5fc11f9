"""Stable codes of the ledger's refusals (the API returns them as ``code``). Never change a value."""

from __future__ import annotations

from enum import StrEnum


class LedgerErrorCode(StrEnum):
    AMOUNT_NOT_POSITIVE = "amount_not_positive"
    CURRENCY_MISMATCH = "currency_mismatch"
    NOT_A_SUPPLIER_FACILITY = "not_a_supplier_facility"
    NO_AGREEMENT = "no_agreement"
    DATE_IN_FUTURE = "date_in_future"
    REFERENCE_REQUIRED = "reference_required"
    PROOF_NOT_ACCEPTED = "proof_not_accepted"
    PROOF_TOO_LARGE = "proof_too_large"
    PERIOD_INVALID = "period_invalid"
    PERIOD_OVERLAPS = "period_overlaps"
    WORKERS_REQUIRED = "workers_required"
    ADMIN_SHARE_OVER_LIMIT = "admin_share_over_limit"
    NOT_YOUR_PAYMENT = "not_your_payment"
    ALREADY_REVERSED = "already_reversed"
    UNBALANCED = "unbalanced"
    REASON_REQUIRED = "reason_required"
    UPLOAD_INVALID = "upload_invalid"
