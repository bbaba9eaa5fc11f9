"""Event kinds written on purchase reports (uploads, lines, breaches, order-volume flags).
The values are the stored verbs: never rename one. Labels live beside the enum in EVENT_LABELS."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class PurchasesEvent(StrEnum):
    UPLOAD_RECEIVED = "purchase_upload_received"
    RECORDED = "purchases_recorded"
    REFUSED = "purchases_refused"
    FAILED = "purchases_failed"
    BREACH_REPORTED = "purchase_breach_reported"
    CUT_AND_RUN_FLAGGED = "cut_and_run_flagged"


EVENT_LABELS: dict[str, Promise] = {
    PurchasesEvent.UPLOAD_RECEIVED: _("Purchase report received"),
    PurchasesEvent.RECORDED: _("Purchases recorded"),
    PurchasesEvent.REFUSED: _("Purchase report refused"),
    PurchasesEvent.FAILED: _("Purchase report failed (nothing recorded)"),
    PurchasesEvent.BREACH_REPORTED: _("Purchases from an ineligible facility reported"),
    PurchasesEvent.CUT_AND_RUN_FLAGGED: _("Sharp drop in orders after enforcement (cut and run)"),
}
