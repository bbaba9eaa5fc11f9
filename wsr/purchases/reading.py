"""Streaming readers of purchase reports: CSV, XLSX (openpyxl read-only) and JSON lines. Each
yields ``(line number, row or LineError)`` one row at a time, so a million-line file is read in
constant memory. A reader never raises on bad content: a broken byte sequence or an unreadable
row becomes a ``LineError`` (and ends the reading when nothing after it can be trusted)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import IO, Any

from wsr.purchases.errors import LineError, PurchaseRefused
from wsr.purchases.errors import PurchaseErrorCode as E
from wsr.purchases.validation import FIELDS

Item = tuple[int, "dict[str, Any] | LineError"]

CSV, XLSX, NDJSON = "csv", "xlsx", "ndjson"
XLSX_MAGIC = b"PK\x03\x04"
MAX_CSV_FIELD = 4096


def detect_format(head: bytes, filename: str = "", content_type: str = "") -> str:
    ctype = content_type.split(";")[0].strip().lower()
    if ctype in {"application/x-ndjson", "application/jsonl", "application/json-lines"}:
        return NDJSON
    if ctype == "text/csv":
        return CSV
    if head.startswith(XLSX_MAGIC):
        return XLSX
    name = filename.lower()
    if name.endswith((".jsonl", ".ndjson")):
        return NDJSON
    if name.endswith((".csv", ".txt")) or not name:
        return CSV
    raise PurchaseRefused(E.BAD_FORMAT)


def read(stream: IO[bytes], fmt: str) -> Iterator[Item]:
    if fmt == CSV:
        return read_csv(stream)
    if fmt == XLSX:
        return read_xlsx(stream)
    if fmt == NDJSON:
        return read_ndjson(stream)
    raise PurchaseRefused(E.BAD_FORMAT)


def _header(cells: list[str]) -> list[str]:
    names = [str(c or "").strip().lower().lstrip("\ufeff") for c in cells]
    missing = [f for f in FIELDS if f not in names]
    if missing:
        raise PurchaseRefused(E.BAD_HEADER, {"expected": ",".join(FIELDS), "missing": ", ".join(missing)})
    return names


def _row(line: int, header: list[str], cells: list[Any]) -> dict[str, Any] | LineError:
    if len(cells) > len(header) and any(str(c or "").strip() for c in cells[len(header) :]):
        return LineError(line, "", E.EXTRA_FIELD, {"fields": "+" + str(len(cells) - len(header))})
    return {name: cells[i] if i < len(cells) else None for i, name in enumerate(header) if name}


def read_csv(stream: IO[bytes]) -> Iterator[Item]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text, strict=True)
    line = 1
    try:
        first = next(reader, None)
        if first is None:
            raise PurchaseRefused(E.EMPTY)
        header = _header(first)
        width = len(header)
        for cells in reader:
            line = reader.line_num
            if not cells or not "".join(cells).strip():
                continue
            if max(map(len, cells)) > MAX_CSV_FIELD:
                yield line, LineError(line, "", E.TOO_LONG, {"limit": MAX_CSV_FIELD})
                continue
            if len(cells) == width:
                yield line, dict(zip(header, cells, strict=True))
            else:
                yield line, _row(line, header, cells)
    except UnicodeDecodeError:
        yield line + 1, LineError(line + 1, "", E.BAD_ENCODING)
    except csv.Error:
        yield line + 1, LineError(line + 1, "", E.BAD_FORMAT)
    finally:
        text.detach()


def _cell_text(value: Any) -> Any:
    """Spreadsheet cells as the text a CSV would hold: dates as YYYY-MM-DD, whole numbers without
    a decimal point, other numbers by their shortest exact decimal form (the digits typed)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time.min else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return None  # TRUE/FALSE is no purchase field: refused as not text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return value


def read_xlsx(stream: IO[bytes]) -> Iterator[Item]:
    from openpyxl import load_workbook  # heavy: only when a spreadsheet comes

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # zip or XML broken: not a spreadsheet we can read
        raise PurchaseRefused(E.BAD_FORMAT) from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            raise PurchaseRefused(E.EMPTY)
        header = _header([str(c) if c is not None else "" for c in first])
        for line, cells in enumerate(rows, start=2):
            values = [_cell_text(c) for c in cells]
            if not any(v not in (None, "") for v in values):
                continue
            yield line, _row(line, header, values)
    finally:
        book.close()


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def read_ndjson(stream: IO[bytes]) -> Iterator[Item]:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    seen = False
    for line, raw in enumerate(stream, start=1):
        try:
            text = decoder.decode(raw)
        except UnicodeDecodeError:
            yield line, LineError(line, "", E.BAD_ENCODING)
            return
        if not text.strip():
            continue
        seen = True
        try:
            obj = json.loads(text, parse_float=str, parse_int=str, parse_constant=_reject_constant)
        except (ValueError, RecursionError):
            yield line, LineError(line, "", E.BAD_FORMAT)
            continue
        if not isinstance(obj, dict):
            yield line, LineError(line, "", E.BAD_FORMAT)
            continue
        yield line, obj
    if not seen:
        raise PurchaseRefused(E.EMPTY)
