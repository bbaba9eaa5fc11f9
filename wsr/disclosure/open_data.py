"""Open data: a program's public facts as CSV, JSON and GeoJSON, streamed in constant memory
(decision 0034).

Each export reads rows with ``iterator(chunk_size)`` (a server-side cursor on PostgreSQL) and
yields text in chunks of about 64 KiB; nothing is held but the current chunk. Column names follow
Open Supply Hub's download (``os_id``, ``name``, ``address``, ``country_code``, ``lat``, ``lng``,
``sector``, ``number_of_workers``, ``parent_company``, ``product_type``, ``facility_type``); several
values in one CSV cell are joined with ``|``; JSON keeps them as lists.

Every file carries its licence and the signed transparency-log head it reflects: inside JSON and
GeoJSON (``licence``, ``log_head`` members), and for CSV in response headers plus a CSVW metadata
sidecar (``<file>.csv-metadata.json``): a comment line would break CSV readers.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pycountry
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from wsr.audits.models import CapItem
from wsr.audits.transitions import CapState
from wsr.complaints.models import Complaint
from wsr.core import clock, log_tree
from wsr.core.csv_export import CsvWriter
from wsr.disclosure.complaint_log import STATISTICS_SECONDS, program_statistics
from wsr.programs.models import Program
from wsr.registry.models import ProgramFacility, worker_band
from wsr.standing.models import FacilityStanding, StandingChange

logger = logging.getLogger(__name__)

CHUNK_ROWS = 2000
CHUNK_BYTES = 64 * 1024
DEFAULT_LICENCE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


def licence_for(program: Program) -> dict[str, str]:
    """The program's open-data licence: ``WSR_OPEN_DATA_LICENCES[slug]`` or CC BY 4.0."""
    return dict(getattr(settings, "WSR_OPEN_DATA_LICENCES", {}).get(program.slug, DEFAULT_LICENCE))


@dataclass(frozen=True)
class LogHead:
    tree_size: int
    root_hash: str  # base64
    timestamp: str
    key_id: str
    signature: str

    def as_json(self) -> dict[str, Any]:
        return {
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "timestamp": self.timestamp,
            "key_id": self.key_id,
            "signature": self.signature,
        }


def log_head(program: Program) -> LogHead:
    head = log_tree.signed_head(program.log_stream).as_json()
    return LogHead(head["tree_size"], head["root_hash"], head["timestamp"], head["key_id"], head["signature"])


def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code) if code else None
    return country.name if country else ""


def _pipe(values: Any) -> str:
    return "|".join(str(v) for v in values or [])


# --- the files -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """One file: its columns, which of them hold several values, and its rows (as dicts)."""

    name: str
    columns: Sequence[str]
    rows: Callable[[Program], Iterable[dict[str, Any]]]
    lists: frozenset[str] = frozenset()
    # The CSV cells in column order, several values already joined with | (the fast path of big files)
    cells: Callable[[Program], Iterable[Sequence[Any]]] | None = None


def facility_url(public_id: str) -> str:
    return reverse("public:facility", args=[public_id])


def _raw(qs: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of ``qs`` without the ORM's per-row converters, through a chunked cursor (a
    server-side cursor on PostgreSQL): an export reads a million rows in constant memory."""
    sql, params = qs.query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK_ROWS):
            yield from rows


_DECODED: dict[str, list[Any]] = {}


def _list(value: Any) -> list[Any]:
    """A JSON list column's value. SQLite hands JSON back as text: the few distinct texts (sectors,
    product types) are decoded once each (a bounded memo, so memory stays constant)."""
    if not isinstance(value, str):
        return value or []
    found = _DECODED.get(value)
    if found is None:
        found = json.loads(value) or []
        if len(_DECODED) < 4096:
            _DECODED[value] = found
    return found


_JOINED: dict[Any, str] = {}


def _joined(value: Any) -> str:
    """A JSON list column as one CSV cell, values joined with |; the few distinct stored texts are
    joined once each (a bounded memo)."""
    key = value if isinstance(value, str) else None
    found = _JOINED.get(key) if key is not None else None
    if found is None:
        found = "|".join(str(v) for v in _list(value))
        if key is not None and len(_JOINED) < 4096:
            _JOINED[key] = found
    return found


def _text(value: Any) -> str:
    """A date or date-time as ISO 8601 text, whichever the driver hands back."""
    if value is None:
        return ""
    if isinstance(value, str):  # SQLite: '2026-11-01 09:00:00.000000' (UTC)
        return value.replace(" ", "T") + ("+00:00" if " " in value else "")
    return str(value.isoformat())


def _decimal(value: Any) -> Any:
    return f"{value:.6f}" if isinstance(value, float) else value


def facility_rows(program: Program) -> Iterator[dict[str, Any]]:
    for row in _facility_tuples(program, joined=False):
        yield dict(zip(FACILITY_COLUMNS, row, strict=True))


def facility_cells(program: Program) -> Iterator[tuple[Any, ...]]:
    return _facility_tuples(program, joined=True)


def _facility_tuples(program: Program, *, joined: bool) -> Iterator[tuple[Any, ...]]:
    """One tuple per covered facility in FACILITY_COLUMNS order; the list columns as lists, or
    joined with | (``joined``, for CSV)."""
    many: Callable[[Any], Any] = _joined if joined else _list
    standing = FacilityStanding.objects.filter(program=program, facility=OuterRef("facility"))
    items = CapItem.objects.filter(program=program, facility=OuterRef("facility")).order_by().values("facility")
    qs = (
        ProgramFacility.objects.filter(program=program, until__isnull=True)
        .annotate(
            standing=Subquery(standing.values("status")[:1]),
            standing_since=Subquery(standing.values("since")[:1]),
            caps_total=Subquery(items.annotate(n=Count("pk")).values("n")[:1]),
            caps_verified=Subquery(items.filter(state=CapState.VERIFIED_FIXED).annotate(n=Count("pk")).values("n")[:1]),
        )
        .order_by("pk")
        .values_list(
            "facility__public_id",
            "facility__os_id",
            "facility__name",
            "facility__name_local",
            "facility__address",
            "facility__country",
            "facility__lat",
            "facility__lng",
            "facility__sectors",
            "facility__product_types",
            "facility__facility_types",
            "facility__worker_count",
            "facility__parent_company",
            "since",
            "standing",
            "standing_since",
            "caps_total",
            "caps_verified",
        )
    )
    countries: dict[str, str] = {}
    url = facility_url("ID")  # one reverse(), not one per row
    head, tail = url.split("ID", 1)
    for row in _raw(qs):
        (public_id, os_id, name, local, address, country, lat, lng, sectors, products, types, workers, parent) = row[
            :13
        ]
        since, status, status_since, total, verified = row[13:]
        if country not in countries:
            countries[country] = _country_name(country)
        yield (
            public_id,
            os_id,
            name,
            local,
            address,
            country,
            countries[country],
            _decimal(lat),
            _decimal(lng),
            many(sectors),
            many(products),
            many(types),
            worker_band(workers),
            parent,
            program.slug,
            _text(since),
            status or "applicant",
            _text(status_since) if status_since else _text(since),
            (100 * (verified or 0) // total) if total else None,
            f"{head}{public_id}{tail}",
        )


def brand_rows(program: Program) -> Iterator[dict[str, Any]]:
    from wsr.disclosure.selectors import public_signatories

    agreements = {a.brand_name: a for a in public_signatories(program)}
    rows = (
        program.participations.filter(kind="brand")
        .order_by("organisation__name", "pk")
        .values_list("organisation__public_id", "organisation__name", "organisation__country", "since", "until")
    )
    for public_id, name, country, since, until in rows.iterator(chunk_size=CHUNK_ROWS):
        agreement = agreements.get(name)
        yield {
            "id": public_id,
            "name": name,
            "country_code": country,
            "since": since.isoformat(),
            "until": until.isoformat() if until else "",
            "agreement_status": agreement.status if agreement else "",
            "agreement_signed_on": str(agreement.signed_on or "") if agreement else "",
            "agreement_sha256": agreement.document_sha256 if agreement else "",
            "url": reverse("public:brand", args=[program.slug, public_id]),
        }


def standing_rows(program: Program) -> Iterator[dict[str, Any]]:
    rows = (
        StandingChange.objects.filter(program=program)
        .order_by("effective_at", "pk")
        .values_list(
            "facility__public_id",
            "facility__name",
            "before",
            "after",
            "effective_at",
            "decision__public_id",
            "decision__grounds",
        )
    )
    for public_id, name, before, after, at, decision, grounds in rows.iterator(chunk_size=CHUNK_ROWS):
        yield {
            "facility_id": public_id,
            "facility_name": name,
            "from_standing": before,
            "standing": after,
            "effective_at": at.isoformat(),
            "grounds": grounds,
            "decision_id": decision,
        }


def complaint_rows(program: Program) -> Iterator[dict[str, Any]]:
    """The complaint log: month, facility, category, status, outcome (the columns of
    wsr.disclosure.complaint_log; nothing else is selected), oldest first."""
    qs = (
        Complaint.objects.filter(program=program)
        .order_by("received_at", "public_id")
        .values_list("received_at", "facility__public_id", "facility__name", "category", "status", "finding_outcome")
    )
    for received, facility_id, facility_name, category, status, outcome in _raw(qs):
        yield {
            "month": _text(received)[:7],
            "facility_id": facility_id or "",
            "facility_name": facility_name or "",
            "category": category,
            "status": status,
            "outcome": outcome or "",
        }


def cap_rows(program: Program) -> Iterator[dict[str, Any]]:
    rows = (
        CapItem.objects.filter(program=program)
        .values("facility__public_id", "facility__name", "category")
        .annotate(total=Count("pk"), verified=Count("pk", filter=Q(state=CapState.VERIFIED_FIXED)))
        .order_by("facility__public_id", "category")
    )
    for row in rows.iterator(chunk_size=CHUNK_ROWS):
        yield {
            "facility_id": row["facility__public_id"],
            "facility_name": row["facility__name"],
            "category": row["category"],
            "items_total": row["total"],
            "items_verified": row["verified"],
            "progress_percent": 100 * row["verified"] // row["total"] if row["total"] else None,
        }


FACILITY_COLUMNS = (
    "id",
    "os_id",
    "name",
    "name_local",
    "address",
    "country_code",
    "country_name",
    "lat",
    "lng",
    "sector",
    "product_type",
    "facility_type",
    "number_of_workers",
    "parent_company",
    "program",
    "participating_since",
    "standing",
    "standing_since",
    "cap_progress_percent",
    "url",
)
EXPORTS: dict[str, Export] = {
    "facilities": Export(
        "facilities",
        FACILITY_COLUMNS,
        facility_rows,
        frozenset({"sector", "product_type", "facility_type"}),
        facility_cells,
    ),
    "brands": Export(
        "brands",
        (
            "id",
            "name",
            "country_code",
            "since",
            "until",
            "agreement_status",
            "agreement_signed_on",
            "agreement_sha256",
            "url",
        ),
        brand_rows,
    ),
    "standing": Export(
        "standing",
        ("facility_id", "facility_name", "from_standing", "standing", "effective_at", "grounds", "decision_id"),
        standing_rows,
    ),
    "complaints": Export(
        "complaints", ("month", "facility_id", "facility_name", "category", "status", "outcome"), complaint_rows
    ),
    "caps": Export(
        "caps",
        ("facility_id", "facility_name", "category", "items_total", "items_verified", "progress_percent"),
        cap_rows,
    ),
}


# --- writers -------------------------------------------------------------------------------------


def _chunked(parts: Iterable[str]) -> Iterator[bytes]:
    buffer: list[str] = []
    size = 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= CHUNK_BYTES:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()


def csv_stream(export: Export, program: Program) -> Iterator[bytes]:
    """The CSV through wsr.core.csv_export's writer (every cell made safe for spreadsheets), in
    chunks of about CHUNK_BYTES."""
    columns, lists = list(export.columns), export.lists
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(columns)
    if export.cells is not None:
        rows: Iterable[Sequence[Any]] = export.cells(program)
    else:
        rows = ([_pipe(row[c]) if c in lists else row[c] for c in columns] for row in export.rows(program))
    for cells in rows:
        writer.writerow(cells)
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, list, bool)):
        return value
    return str(value)  # Decimal coordinates as exact text


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def json_stream(export: Export, program: Program, head: LogHead) -> Iterator[bytes]:
    def parts() -> Iterator[str]:
        meta = {"program": program.slug, "licence": licence_for(program), "log_head": head.as_json()}
        yield _dumps(meta)[:-1] + f',"{export.name}":['
        first = True
        for row in export.rows(program):
            yield ("" if first else ",") + _dumps({k: _json_value(row[k]) for k in export.columns})
            first = False
        yield "]}"

    return _chunked(parts())


def geojson_stream(program: Program, head: LogHead) -> Iterator[bytes]:
    """RFC 7946 FeatureCollection; ``licence`` and ``log_head`` are foreign members."""

    def parts() -> Iterator[str]:
        meta = {
            "type": "FeatureCollection",
            "program": program.slug,
            "licence": licence_for(program),
            "log_head": head.as_json(),
        }
        yield _dumps(meta)[:-1] + ',"features":['
        first = True
        for row in facility_rows(program):
            lat, lng = row.pop("lat"), row.pop("lng")
            geometry = (
                {"type": "Point", "coordinates": [float(lng), float(lat)]}
                if lat is not None and lng is not None
                else None
            )
            feature = {"type": "Feature", "id": row["id"], "geometry": geometry, "properties": row}
            yield ("" if first else ",") + _dumps(feature)
            first = False
        yield "]}"

    return _chunked(parts())


def csv_metadata(export: Export, program: Program, head: LogHead, url: str) -> dict[str, Any]:
    """The CSVW metadata of a CSV file (W3C 'CSV on the Web'): licence, log head, columns."""
    licence = licence_for(program)
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": url,
        "dc:title": f"{program.name}: {export.name}",
        "dc:license": {"@id": licence["url"]},
        "licence": licence,
        "log_head": head.as_json(),
        "tableSchema": {
            "columns": [
                {"name": c, "titles": c, **({"separator": "|"} if c in export.lists else {})} for c in export.columns
            ]
        },
    }


_REFRESHING: set[str] = set()
_REFRESH_LOCK = threading.Lock()


def statistics(program: Program) -> dict[str, Any]:
    """The program's figures, computed in the database and kept (``as_of`` says when). Older than
    five minutes, they are still served while one background thread of this process recomputes
    them: only the very first view after a start waits for the aggregates (tens of seconds at a
    million complaints)."""
    key = f"wsr:public-statistics-json:{program.public_id}"
    cached = cache.get(key)
    if cached is None:
        value = _statistics(program)
        cache.set(key, (time.monotonic(), value), None)
        return dict(value)
    computed, value = cached
    if time.monotonic() - computed > STATISTICS_SECONDS:
        _refresh_in_background(program.pk, key)
    return dict(value)


def _refresh_in_background(program_pk: int, key: str) -> None:
    with _REFRESH_LOCK:
        if key in _REFRESHING:
            return
        _REFRESHING.add(key)

    def work() -> None:
        try:
            program = Program.objects.filter(pk=program_pk).first()
            if program is not None:
                cache.delete(f"wsr:public-statistics:{program.public_id}")  # the complaint figures too
                cache.set(key, (time.monotonic(), _statistics(program)), None)
        except Exception:
            logger.exception("public statistics refresh failed")
        finally:
            connection.close()  # this thread's own connection
            with _REFRESH_LOCK:
                _REFRESHING.discard(key)

    threading.Thread(target=work, name="wsr-public-statistics", daemon=True).start()


def _statistics(program: Program) -> dict[str, Any]:
    stats = program_statistics(program)
    standings = dict(
        FacilityStanding.objects.filter(program=program)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    facilities = ProgramFacility.objects.filter(program=program, until__isnull=True).count()
    standings["applicant"] = facilities - sum(v for k, v in standings.items() if k != "applicant")
    return {
        "as_of": clock.now().isoformat(),
        "facilities": facilities,
        "brands": program.participations.filter(kind="brand", until__isnull=True).count(),
        "suppliers": program.participations.filter(kind="supplier", until__isnull=True).count(),
        "facilities_by_standing": standings,
        "complaints": {
            "total": stats.total,
            "open": stats.open,
            "in_scope": stats.in_scope,
            "resolved": stats.resolved,
            "resolved_within_days_percent": {str(k): v for k, v in stats.resolved_within.items()},
            "median_days_to_resolution": stats.median_days_to_resolution,
            "by_category": dict(stats.by_category),
            "by_channel": dict(stats.by_channel),
            "by_outcome": dict(stats.by_outcome),
            "by_status": dict(stats.by_status),
        },
    }


def root_hash_hex(head: LogHead) -> str:
    return base64.b64decode(head.root_hash).hex()
