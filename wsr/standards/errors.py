"""Stable codes of the refusals of the Code of Conduct: the API returns them (``code``) and clients may
rely on them, so a value never changes once released. No Django here (transitions may import it)."""

from __future__ import annotations

from enum import StrEnum


class StandardsErrorCode(StrEnum):
    LANGUAGE_PROGRAM_LANGS = "language_program_langs"
    TITLE_TEXT_PROGRAM_DEFAULT = "title_text_program_default"
    UNKNOWN_CATEGORY_VALUE = "unknown_category_value"
    UNKNOWN_SEVERITY_TIER_VALUE = "unknown_severity_tier_value"
    ORDER_NEGATIVE = "order_negative"
    DRAFT_BASED_VERSION_PROGRAM = "draft_based_version_program"
    REFERENCE_SHORT_LIKE = "reference_short_like"
    CODE_NEEDS_LEAST_PROVISION = "code_needs_least_provision"
    THESE_PROVISIONS_TEXT_LANG = "these_provisions_text_lang"
    VERSION_ALREADY_PROVISION_REF = "version_already_provision_ref"
    PROGRAM_FIRST_CODE_RECORDED = "program_first_code_recorded"
    CODE_TAKE_EFFECT_PAST = "code_take_effect_past"
    ADOPTED_VERSION_TAKES_EFFECT = "adopted_version_takes_effect"
    NOT_APPROVED = "not_approved"
    CHANGED_SINCE_APPROVAL = "changed_since_approval"
    ALREADY_APPROVED = "already_approved"
    NOT_WORKER_ORGANISATION = "not_worker_organisation"
    NOT_PROPOSED = "not_proposed"
    NOT_DRAFT = "not_draft"
