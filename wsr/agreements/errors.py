"""Stable codes of the refusals of agreements: the API returns them (``code``) and clients may
rely on them, so a value never changes once released. No Django here (transitions may import it)."""

from __future__ import annotations

from enum import StrEnum


class AgreementErrorCode(StrEnum):
    AGREEMENT_STATUS_LONGER_EDITED = "agreement_status_longer_edited"
    DATE_AGREEMENT_TAKES_EFFECT = "date_agreement_takes_effect"
    AGREEMENT_END_TAKES_EFFECT = "agreement_end_takes_effect"
    NAME_BRAND_PROGRAM = "name_brand_program"
    AGREEMENT_TITLE = "agreement_title"
    AGREEMENT_FIELD = "agreement_field"
    PREMIUM_TERM_AGREEMENT = "premium_term_agreement"
    SIGNATORY_PARTY_WITNESS = "signatory_party_witness"
    SIGNATURE_DATE_FUTURE = "signature_date_future"
    SIGNATORY_AGREEMENT = "signatory_agreement"
    WORKER_ORGANISATION_BRAND_ALWAYS = "worker_organisation_brand_always"
    AGREEMENT_WAS_SIGNED_DOCUMENT = "agreement_was_signed_document"
    DOCUMENT_LARGER = "document_larger"
    DOCUMENT_PDF_FILE = "document_pdf_file"
    UPLOAD_SIGNED_DOCUMENT_PDF = "upload_signed_document_pdf"
    WORKER_ORGANISATION_BRAND_BOTH = "worker_organisation_brand_both"
    NAME_SIGNATURE_DATE_SIGNATORY = "name_signature_date_signatory"
    CHOOSE_WHY_AGREEMENT_ENDS = "choose_why_agreement_ends"
    EXPLAIN_WHY_AGREEMENT_TERMINATED = "explain_why_agreement_terminated"
    VERSION_AGREEMENT_ALREADY_EXISTS = "version_agreement_already_exists"
    CURRENCY_ISO_CODE_USD = "currency_iso_code_usd"
    PER_UNIT_PREMIUM_NEEDS = "per_unit_premium_needs"
    CHOOSE_PER_UNIT_PERCENTAGE = "choose_per_unit_percentage"
    PERCENTAGE_PREMIUM_NEEDS_BETWEEN = "percentage_premium_needs_between"
