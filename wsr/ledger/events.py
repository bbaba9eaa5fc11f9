"""Event kinds written on the premium ledger (payments, distributions, reconciliation findings).
The values are the stored verbs: never rename one. Labels live beside the enum in EVENT_LABELS."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class LedgerEvent(StrEnum):
    PAYMENT_RECORDED = "premium_payment_recorded"
    PAYMENT_CONFIRMED = "premium_payment_confirmed"
    PAYMENT_DISPUTED = "premium_payment_disputed"
    DISTRIBUTION_RECORDED = "premium_distribution_recorded"
    POSTING_REVERSED = "ledger_posting_reversed"
    FINDING_RAISED = "reconciliation_finding_raised"
    FINDING_CHANGED = "reconciliation_finding_changed"
    FINDING_CLEARED = "reconciliation_finding_cleared"


EVENT_LABELS: dict[str, Promise] = {
    LedgerEvent.PAYMENT_RECORDED: _("Premium payment recorded"),
    LedgerEvent.PAYMENT_CONFIRMED: _("Premium payment confirmed by the supplier"),
    LedgerEvent.PAYMENT_DISPUTED: _("Premium payment disputed by the supplier"),
    LedgerEvent.DISTRIBUTION_RECORDED: _("Premium distribution to workers recorded"),
    LedgerEvent.POSTING_REVERSED: _("Ledger posting reversed"),
    LedgerEvent.FINDING_RAISED: _("Reconciliation finding raised"),
    LedgerEvent.FINDING_CHANGED: _("Reconciliation finding amount changed"),
    LedgerEvent.FINDING_CLEARED: _("Reconciliation finding cleared"),
}
