from enum import StrEnum


class PurchaseCapability(StrEnum):
    REPORT = "purchases.report"  # a brand reports its purchases (file upload or API)
    VIEW_OWN = "purchases.view_own"  # a brand: its own uploads and lines
    VIEW_ALL = "purchases.view_all"  # the monitoring body: every brand's lines, breaches, cut-and-run flags
