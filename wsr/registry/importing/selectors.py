"""Reads for the import pages and the export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from wsr.accounts.models import Organisation
from wsr.core.errors import NotFound
from wsr.programs.models import Program
from wsr.registry.importing.normalise import ascii_clean
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


@dataclass(frozen=True)
class Word:
    text: str
    differs: bool  # not in the other side (once transliterated, case and punctuation ignored)


@dataclass(frozen=True)
class ReviewItem:
    """One possible match, laid out side by side for a reviewer."""

    row: ImportRow
    file_name: list[Word]
    file_address: list[Word]
    candidate_name: list[Word]
    candidate_address: list[Word]
    reasons: list[tuple[str, str, float]]  # (field, level, weight in bits), strongest first


def _words(text: str, other: str) -> list[Word]:
    others = set(ascii_clean(other).split())
    return [Word(word, not set(ascii_clean(word).split()) <= others) for word in (text or "").split()]


def import_review_items(rows: Iterable[ImportRow]) -> list[ReviewItem]:
    items = []
    for row in rows:
        candidate = row.candidate
        name, address = str(row.data.get("name", "")), str(row.data.get("address", ""))
        other_name = candidate.name if candidate else ""
        other_address = candidate.address if candidate else ""
        reasons = [(str(f), str(level), float(w)) for f, level, w in row.data.get("match") or []]
        items.append(
            ReviewItem(
                row=row,
                file_name=_words(name, other_name),
                file_address=_words(address, other_address),
                candidate_name=_words(other_name, name),
                candidate_address=_words(other_address, address),
                reasons=reasons,
            )
        )
    return items
