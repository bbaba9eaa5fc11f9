"""The public complaint log (the Accord's model): facility, month received, category, status and
outcome. Read with ``values()`` of exactly those columns: a complainant's identity, the narrative,
messages and the finding's or remedy's free text are never even selected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q, QuerySet

from wsr.complaints.models import OUTCOME_LABELS, STATE_LABELS, Complaint
from wsr.complaints.selectors import ComplaintStatistics, complaint_statistics
from wsr.complaints.transitions import CaseState, FindingOutcome
from wsr.disclosure.search import decode_cursor, encode_cursor
from wsr.programs.models import Program
from wsr.standards.models import Category

PAGE_SIZE = 50
COLUMNS = ("public_id", "received_at", "category", "status", "finding_outcome", "facility__public_id", "facility__name")
CATEGORY_LABELS = dict(Category.choices)
STATISTICS_SECONDS = 300


@dataclass(frozen=True)
class LogRow:
    month: str  # YYYY-MM
    facility_public_id: str
    facility_name: str
    category: str
    category_label: str
    status: str
    status_label: str
    outcome: str
    outcome_label: str


def _row(values: dict) -> LogRow:
    status, outcome = values["status"], values["finding_outcome"] or ""
    return LogRow(
        month=values["received_at"].strftime("%Y-%m"),
        facility_public_id=values["facility__public_id"] or "",
        facility_name=values["facility__name"] or "",
        category=values["category"],
        category_label=str(CATEGORY_LABELS.get(values["category"], values["category"])),
        status=status,
        status_label=str(STATE_LABELS[CaseState(status)]),
        outcome=outcome,
        outcome_label=str(OUTCOME_LABELS[FindingOutcome(outcome)]) if outcome else "",
    )


def _rows(program: Program) -> QuerySet[Complaint]:
    return Complaint.objects.filter(program=program)


@dataclass(frozen=True)
class LogPage:
    rows: list[LogRow]
    next_after: str


def complaint_log_page(program: Program, *, after: str = "", category: str = "", status: str = "") -> LogPage:
    """Newest first, keyset-paginated on (received_at, public id)."""
    qs = _rows(program)
    if category:
        qs = qs.filter(category=category)
    if status:
        qs = qs.filter(status=status)
    cursor = decode_cursor(after)
    if cursor is not None:
        try:
            moment = dt.datetime.fromisoformat(cursor[0])
        except ValueError:
            moment = None
        if moment is not None:
            qs = qs.filter(Q(received_at__lt=moment) | Q(received_at=moment, public_id__lt=cursor[1]))
    values = list(qs.order_by("-received_at", "-public_id").values(*COLUMNS)[: PAGE_SIZE + 1])
    more = len(values) > PAGE_SIZE
    values = values[:PAGE_SIZE]
    next_after = encode_cursor(values[-1]["received_at"].isoformat(), values[-1]["public_id"]) if more else ""
    return LogPage([_row(v) for v in values], next_after)


def complaint_log_rows(program: Program, chunk: int = 2000) -> Iterator[LogRow]:
    """Every row, oldest first, in constant memory (for the open-data export)."""
    qs = _rows(program).order_by("received_at", "public_id").values(*COLUMNS)
    for values in qs.iterator(chunk_size=chunk):
        yield _row(values)


def program_statistics(program: Program) -> ComplaintStatistics:
    """The program's complaint statistics, aggregated in the database and kept for five minutes
    (the page says as of when): a page view never aggregates a million cases."""
    key = f"wsr:public-statistics:{program.public_id}"
    stats = cache.get(key)
    if stats is None:
        stats = complaint_statistics(program=program)
        cache.set(key, stats, STATISTICS_SECONDS)
    return stats
