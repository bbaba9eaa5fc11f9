from enum import StrEnum


class LedgerCapability(StrEnum):
    VIEW_ALL = "ledger.view_all"  # every brand's and supplier's premium, the reconciliation and its findings
    VIEW_BRAND = "ledger.view_brand"  # a brand: its own obligations and payments
    VIEW_SUPPLIER = "ledger.view_supplier"  # a supplier: premium owed to, paid to and distributed by it
    RECORD_PAYMENT = "ledger.record_payment"  # a brand records a premium payment to a supplier
    CONFIRM_PAYMENT = "ledger.confirm_payment"  # a supplier confirms (or disputes) a payment received
    RECORD_DISTRIBUTION = "ledger.record_distribution"  # a supplier records premium paid out to workers
    RECORD_AUDITED_DISTRIBUTION = "ledger.record_audited_distribution"  # the monitor records payroll as audited
    REVERSE = "ledger.reverse"  # the monitor reverses a posting (a correction)
    RECONCILE = "ledger.reconcile"  # the monitor runs the reconciliation rules
    EXPORT = "ledger.export"  # auditors' exports (CSV, XLSX)
