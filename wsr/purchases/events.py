"""Event kinds written on purchase reports (uploads, lines, breaches, order-volume flags).
The values are the stored verbs: never rename one. Labels live beside the enum in EVENT_LABELS."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise


class PurchasesEvent(StrEnum):
    pass


EVENT_LABELS: dict[str, Promise] = {}
