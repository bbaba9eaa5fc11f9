"""Event kinds written on agreements. The values are the stored verbs: never rename one."""

from __future__ import annotations

from enum import StrEnum


class AgreementEvent(StrEnum):
    DRAFTED = "agreement_drafted"
    DRAFT_UPDATED = "agreement_draft_updated"
    TERM_ADDED = "agreement_term_added"
    TERM_REMOVED = "agreement_term_removed"
    SIGNATORY_ADDED = "agreement_signatory_added"
    SIGNATORY_UPDATED = "agreement_signatory_updated"
    SIGNATORY_REMOVED = "agreement_signatory_removed"
    DOCUMENT_ATTACHED = "agreement_document_attached"
    DOCUMENT_REPLACED = "agreement_document_replaced"
    SIGNED = "agreement_signed"
    ACTIVATED = "agreement_activated"
    EXPIRED = "agreement_expired"
    TERMINATED = "agreement_terminated"
    AMENDMENT_DRAFTED = "agreement_amendment_drafted"
    AMENDED = "agreement_amended"
