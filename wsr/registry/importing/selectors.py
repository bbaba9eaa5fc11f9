"""Reads for the import pages and the export."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import QuerySet

from wsr.accounts.models import Organisation
from wsr.core.errors import NotFound
from wsr.programs.models import Program
from wsr.registry.models import Facility, ImportJob, ImportRow, ParticipantKind, RowOutcome

EXPORT_COLUMNS = (
    "country",
    "name",
    "address",
    "sector_product_type",
    "facility_type_processing_type",
    "number_of_workers",
    "parent_company",
    "lat",
    "lng",
    "os_id",
    "public_id",
)


def import_jobs_for_program(program: Program) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(program=program).select_related("brand", "uploaded_by")


def import_job_get(*, program: Program, public_id: str) -> ImportJob:
    job = import_jobs_for_program(program).filter(public_id=public_id).first()
    if job is None:
        raise NotFound("import")
    return job


def import_rows(*, job: ImportJob, outcome: str = "") -> QuerySet[ImportRow]:
    rows = ImportRow.objects.filter(job=job).select_related("facility", "candidate").order_by("line")
    if outcome in RowOutcome.values:
        rows = rows.filter(outcome=outcome)
    elif outcome == "pending":
        rows = rows.filter(outcome=RowOutcome.REVIEW, resolution="")
    return rows


def import_pending_reviews(job: ImportJob) -> int:
    return ImportRow.objects.filter(job=job, outcome=RowOutcome.REVIEW, resolution="").count()


def import_brand_choices(program: Program) -> QuerySet[Organisation]:
    """Brands taking part in the program: the ones a sourcing list can belong to."""
    return (
        Organisation.objects.filter(participations__program=program, participations__kind=ParticipantKind.BRAND)
        .distinct()
        .order_by("name")
    )


def _decimal(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def facilities_export_rows(program: Program) -> Iterator[dict[str, str]]:
    """The program's facilities in Open Supply Hub columns, with their OS IDs and public ids."""
    facilities = Facility.objects.filter(program_links__program=program).distinct().order_by("country", "name", "pk")
    for f in facilities.iterator(chunk_size=2000):
        yield {
            "country": f.country,
            "name": f.name,
            "address": f.address,
            "sector_product_type": "|".join([*f.sectors, *f.product_types]),
            "facility_type_processing_type": "|".join(f.facility_types),
            "number_of_workers": "" if f.worker_count is None else str(f.worker_count),
            "parent_company": f.parent_company,
            "lat": _decimal(f.lat),
            "lng": _decimal(f.lng),
            "os_id": f.os_id,
            "public_id": f.public_id,
        }
