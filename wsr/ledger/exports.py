"""Auditors' exports of the reconciliation: CSV (through wsr.core.csv_export) and XLSX (openpyxl
in write-only mode). Amounts in integer minor units, with the currency beside them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook

from wsr.core.csv_export import csv_cell
from wsr.ledger.models import Finding
from wsr.ledger.reconcile import reconciliation_table
from wsr.programs.models import Program

HEADER = (
    "brand", "brand_name", "supplier_name", "facility", "facility_name", "period", "currency", "owed_minor",
    "paid_minor", "distributed_minor", "admin_share_minor", "unpaid_balance_minor", "undistributed_balance_minor",
)  # fmt: skip
FINDING_HEADER = ("finding", "rule", "status", "brand", "facility", "amount_minor", "currency", "lines", "since")


def reconciliation_rows(program: Program) -> tuple[tuple[str, ...], Iterator[list[Any]]]:
    from wsr.accounts.models import Organisation
    from wsr.registry.models import Facility

    table = reconciliation_table(program)
    brands = Organisation.objects.in_bulk({r.brand_id for r in table})
    facilities = Facility.objects.select_related("supplier").in_bulk({r.facility_id for r in table})

    def rows() -> Iterator[list[Any]]:
        for r in table:
            b, f = brands[r.brand_id], facilities[r.facility_id]
            yield [
                b.public_id, b.name, f.supplier.name if f.supplier else "", f.public_id, f.name, r.period,
                r.currency, r.owed, r.paid, r.distributed, r.admin_share, r.unpaid_balance, r.undistributed_balance,
            ]  # fmt: skip

    return HEADER, rows()


def finding_rows(program: Program) -> Iterator[list[Any]]:
    for f in Finding.objects.filter(program=program).select_related("brand", "facility").order_by("pk"):
        yield [f.public_id, f.rule, f.status, f.brand.public_id, f.facility.public_id, f.amount_minor, f.currency,
               f.lines, f.since.isoformat()]  # fmt: skip


def reconciliation_xlsx(program: Program) -> bytes:
    """Two sheets: the per-period reconciliation and the findings (cells made safe like the CSV)."""
    book = Workbook(write_only=True)
    header, rows = reconciliation_rows(program)
    sheet = book.create_sheet("reconciliation")
    sheet.append(list(header))
    for row in rows:
        sheet.append([csv_cell(v) for v in row])
    findings = book.create_sheet("findings")
    findings.append(list(FINDING_HEADER))
    for row in finding_rows(program):
        findings.append([csv_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
