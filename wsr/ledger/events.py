"""Event kinds written on the premium ledger (payments, distributions, reconciliation findings).
The values are the stored verbs: never rename one. Labels live beside the enum in EVENT_LABELS."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise


class LedgerEvent(StrEnum):
    pass


EVENT_LABELS: dict[str, Promise] = {}
