"""Reading a facility list (CSV or XLSX) into cleaned rows, refusing files that are not lists.

Columns follow the Open Supply Hub / Transparency Pledge shape. ``country``, ``name`` and
``address`` are required; ``sector``, ``sector_product_type``, ``product_type``,
``facility_type_processing_type``, ``number_of_workers``, ``parent_company``, ``lat``, ``lng``
and ``os_id`` (the facility's Open Supply Hub ID, checked for its shape) are optional. Header
names are matched case-insensitively; spaces, dashes and underscores are interchangeable
("Number of workers", "number-of-workers"); a few common synonyms are accepted (``latitude``,
``longitude``, ``facility_name`` ...). Multi-valued cells separate values with ``|``.

``number_of_workers``: an exact count is kept ("1,250" -> 1250). A Transparency Pledge band keeps
its lower bound ("1001-5000" -> 1001, ">10000" -> 10001) so the facility's band stays right; a
band with no useful lower bound ("<1000", "less than 1000") and anything unreadable is stored as
unknown (None). A bad worker count never rejects a row: the facility is still real.

Text files: a byte-order mark decides (UTF-8, UTF-16); else strict UTF-8; else UTF-16 without a
mark when the bytes look like it (every other byte zero); else Windows-1252, else Latin-1. A file
that mixes UTF-8 lines with lines in another encoding is refused, naming the lines. The
decoded text must then look like text (no NUL bytes, almost no control characters), so binary
garbage is refused instead of being read as accented nonsense. The delimiter (``,`` ``;`` or tab)
is the one the header line uses most.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wsr.core.errors import DomainError
from wsr.registry.errors import RegistryErrorCode
from wsr.registry.matching import normalise_country, tidy_text

REQUIRED = ("country", "name", "address")

# canonical column -> accepted header spellings (after normalising: lower case, "_" separators)
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "country": ("country", "country_code", "country_name", "country_iso"),
    "name": ("name", "facility_name", "factory_name", "supplier_name", "site_name"),
    "address": ("address", "facility_address", "factory_address", "full_address", "street_address"),
    "sector": ("sector", "sectors"),
    "sector_product_type": ("sector_product_type", "sector_product_types"),
    "product_type": ("product_type", "product_types", "products"),
    "facility_type_processing_type": (
        "facility_type_processing_type",
        "facility_type",
        "processing_type",
        "facility_processing_type",
    ),
    "number_of_workers": ("number_of_workers", "workers", "worker_count", "num_workers", "no_of_workers", "employees"),
    "parent_company": ("parent_company", "parent", "parent_company_name", "owner"),
    "os_id": ("os_id", "osid", "os_hub_id", "open_supply_hub_id", "oar_id"),
    "lat": ("lat", "latitude"),
    "lng": ("lng", "lon", "long", "longitude"),
}
_HEADER_LOOKUP = {alias: canonical for canonical, aliases in HEADER_ALIASES.items() for alias in aliases}

# Open Supply Hub's top-level sectors: in a combined ``sector_product_type`` column these are
# sectors, anything else is a product type.
KNOWN_SECTORS = frozenset(
    s.casefold()
    for s in (
        "Agriculture",
        "Apparel",
        "Accessories",
        "Animal Production",
        "Aquaculture",
        "Beverages",
        "Coffee",
        "Construction",
        "Electronics",
        "Energy",
        "Food",
        "Food & Beverage",
        "Footwear",
        "Forestry",
        "Furniture",
        "Hard Goods",
        "Home Textiles",
        "Home",
        "Jewelry",
        "Leather",
        "Logistics",
        "Manufacturing",
        "Mining",
        "Packaging",
        "Personal Care",
        "Plastics",
        "Printing",
        "Renewable Energy",
        "Rubber",
        "Seafood",
        "Services",
        "Sporting Goods",
        "Tea",
        "Textiles",
        "Tobacco",
        "Toys",
        "Wood",
    )
)

MAX_FIELD = 2000  # characters kept of any one cell
# Open Supply Hub IDs: country code, registration date, random letters ("CN2019303BQ3FZP").
OS_ID = re.compile(r"[A-Z]{2}[0-9]{7}[A-Z0-9]{6}")
XLSX_SIGNATURE = b"PK\x03\x04"


class ImportRefused(DomainError):
    """The file is not a facility list. Nothing was imported."""

    def __init__(self, message: Any) -> None:
        super().__init__(message, code=RegistryErrorCode.IMPORT_REFUSED)


@dataclass
class ParsedRow:
    line: int
    data: dict[str, Any]  # cleaned values (JSON-safe), stored on ImportRow.data
    reason: str = ""  # why the row is rejected, "" if it is valid
    country: str = ""
    lat: Decimal | None = None
    lng: Decimal | None = None

    @property
    def ok(self) -> bool:
        return not self.reason


@dataclass
class ParsedFile:
    kind: str  # "csv" or "xlsx"
    encoding: str
    delimiter: str
    columns: list[str]  # canonical names found, in file order
    rows: list[ParsedRow] = field(default_factory=list)


# --- Decoding --------------------------------------------------------------------------------


def _looks_like_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / len(sample[0::2])
    odd_zero = sample[1::2].count(0) / len(sample[1::2])
    if odd_zero > 0.3 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or refuse the file."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8"]
        utf16 = _looks_like_utf16(data)
        if utf16:
            candidates.insert(0, utf16)
        candidates += ["cp1252", "latin-1"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            if encoding == "utf-8":
                _refuse_mixed_utf8(data)
            continue
        if not _garbled(text):
            return text, encoding.replace("-sig", "")
    raise ImportRefused(
        _(
            "This file is not readable text: it looks like a binary file or uses an unknown encoding. "
            "Save the list as CSV (UTF-8) or as an Excel workbook (.xlsx) and upload it again."
        )
    )


def _refuse_mixed_utf8(data: bytes) -> None:
    """A file that is valid UTF-8 in places (accented letters encoded as UTF-8) and not in others
    was assembled from two encodings: decoding it whole as Windows-1252 would turn every "ó" of
    the UTF-8 lines into "Ã³". Refuse it, naming the lines whose bytes are not UTF-8. A file with
    no valid multi-byte UTF-8 sequence at all is a legacy-encoded file and is read as such."""
    has_utf8, bad_lines = False, []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines.append(number)
            continue
        has_utf8 = has_utf8 or not decoded.isascii()
    if has_utf8 and bad_lines:
        shown = ", ".join(str(n) for n in bad_lines[:5]) + (" …" if len(bad_lines) > 5 else "")
        raise ImportRefused(
            ngettext(
                "This file is UTF-8 text except for line %(lines)s, which holds characters in another "
                "encoding (probably Windows-1252): reading it would garble the accented names. Save the "
                "whole list as CSV UTF-8 and upload it again.",
                "This file is UTF-8 text except for lines %(lines)s, which hold characters in another "
                "encoding (probably Windows-1252): reading them would garble the accented names. Save the "
                "whole list as CSV UTF-8 and upload it again.",
                len(bad_lines),
            )
            % {"lines": shown}
        )


def _garbled(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\r\n\t")
    return bad / len(sample) > 0.01


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


# --- Header ----------------------------------------------------------------------------------


def normalise_header(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip().casefold().lstrip("\ufeff")
    return re.sub(r"[\s\-_./]+", "_", text).strip("_")


def _map_header(cells: list[Any]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for i, cell in enumerate(cells):
        canonical = _HEADER_LOOKUP.get(normalise_header(cell))
        if canonical and canonical not in mapping.values():
            mapping[i] = canonical
    missing = [c for c in REQUIRED if c not in mapping.values()]
    if missing:
        found = ", ".join(str(c).strip() for c in cells[:12] if str(c or "").strip()) or _("nothing")
        raise ImportRefused(
            _(
                "This file does not have the required columns %(missing)s. A facility list needs the columns "
                "country, name and address in its first row; this file's first row has: %(found)s."
            )
            % {"missing": ", ".join(missing), "found": found[:300]}
        )
    return mapping


# --- Cells -----------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return tidy_text(str(value))[:MAX_FIELD]


def _split_values(value: str) -> list[str]:
    seen: list[str] = []
    for part in value.split("|"):
        part = tidy_text(part)
        if part and part.casefold() not in (s.casefold() for s in seen):
            seen.append(part)
    return seen


_BAND = re.compile(r"^(\d+)\s*(?:-|–|to)\s*(\d+)$")
_ABOVE = re.compile(r"^(?:>|more than|over|above)\s*(\d+)$|^(\d+)\s*\+$")
_BELOW = re.compile(r"^(?:<|less than|under|fewer than|below)\s*(\d+)$")


def parse_worker_count(value: str) -> int | None:
    """See the module docstring: exact count, or a band's lower bound, or None."""
    text = value.strip().casefold().replace(",", "").replace("\u00a0", "").replace(" ", "")
    text = text.replace("morethan", "more than ").replace("lessthan", "less than ").replace("fewerthan", "fewer than ")
    if not text:
        return None
    if text.isdigit():
        return int(text)
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        return int(number) if number >= 0 and number.is_integer() and number < 10**9 else None
    if m := _BAND.match(text):
        return int(m.group(1))
    if m := _ABOVE.match(text):
        return int(m.group(1) or m.group(2)) + 1
    return None  # "<1000" and anything unreadable


def _coordinate(value: str, label: str, limit: int) -> tuple[Decimal | None, str]:
    text = value.strip().replace(",", ".") if value.count(",") == 1 and "." not in value else value.strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, _("%(label)s '%(value)s' is not a number") % {"label": label, "value": value[:40]}
    if not number.is_finite() or not -limit <= number <= limit:
        return None, _("%(label)s %(value)s is outside -%(limit)s..%(limit)s") % {
            "label": label,
            "value": value[:40],
            "limit": limit,
        }
    return number.quantize(Decimal("0.000001")), ""


def parse_row(line: int, raw: dict[str, str]) -> ParsedRow:
    """Clean one row and say why it is rejected, if it is."""
    name, address, country_raw = raw.get("name", ""), raw.get("address", ""), raw.get("country", "")
    sectors: list[str] = _split_values(raw.get("sector", ""))
    products: list[str] = _split_values(raw.get("product_type", ""))
    for value in _split_values(raw.get("sector_product_type", "")):
        target = sectors if value.casefold() in KNOWN_SECTORS else products
        if value.casefold() not in (v.casefold() for v in target):
            target.append(value)
    data: dict[str, Any] = {
        "country": country_raw,
        "name": name,
        "address": address,
        "sectors": sectors,
        "product_types": products,
        "facility_types": _split_values(raw.get("facility_type_processing_type", "")),
        "number_of_workers": parse_worker_count(raw.get("number_of_workers", "")),
        "number_of_workers_raw": raw.get("number_of_workers", "")[:40],
        "parent_company": raw.get("parent_company", "")[:300],
        "lat": raw.get("lat", ""),
        "lng": raw.get("lng", ""),
    }
    row = ParsedRow(line=line, data=data)
    problems = []
    os_id = raw.get("os_id", "").strip().upper()
    if os_id:
        if OS_ID.fullmatch(os_id):
            data["os_id"] = os_id
        else:
            problems.append(_("OS ID '%(value)s' is not an Open Supply Hub ID") % {"value": os_id[:40]})
    if not name:
        problems.append(_("the name is missing"))
    elif len(name) > 300:
        problems.append(_("the name is longer than 300 characters"))
    if not address:
        problems.append(_("the address is missing"))
    country = normalise_country(country_raw) if country_raw else None
    if not country_raw:
        problems.append(_("the country is missing"))
    elif country is None:
        problems.append(_("unknown country '%(value)s'") % {"value": country_raw[:60]})
    else:
        row.country = data["country"] = country
    lat_raw, lng_raw = raw.get("lat", ""), raw.get("lng", "")
    if lat_raw or lng_raw:
        if not (lat_raw and lng_raw):
            problems.append(_("latitude and longitude must be given together"))
        else:
            row.lat, lat_problem = _coordinate(lat_raw, _("latitude"), 90)
            row.lng, lng_problem = _coordinate(lng_raw, _("longitude"), 180)
            problems += [p for p in (lat_problem, lng_problem) if p]
            if row.lat is not None and row.lng is not None:
                data["lat"], data["lng"] = str(row.lat), str(row.lng)
    if problems:
        row.reason = "; ".join(problems)[:1000]
        row.reason = row.reason[0].upper() + row.reason[1:]
    return row


# --- Files -----------------------------------------------------------------------------------


def _rows_from_cells(rows: Iterator[list[Any]]) -> tuple[list[str], list[ParsedRow]]:
    header: list[Any] | None = None
    line = 0
    for cells in rows:
        line += 1
        if any(_cell_text(c) for c in cells):
            header = list(cells)
            break
    if header is None:
        raise ImportRefused(_("This file is empty: it has no header row and no facilities."))
    mapping = _map_header(header)
    parsed: list[ParsedRow] = []
    for cells in rows:
        line += 1
        values = {canonical: _cell_text(cells[i]) if i < len(cells) else "" for i, canonical in mapping.items()}
        if not any(values.values()):
            continue  # blank line
        parsed.append(parse_row(line, values))
    if not parsed:
        raise ImportRefused(_("This file has a header row but no facilities below it."))
    columns = [mapping[i] for i in sorted(mapping)]
    return columns, parsed


def _read_csv(data: bytes) -> ParsedFile:
    text, encoding = decode_text(data)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns, rows = _rows_from_cells(iter(reader))
    except csv.Error as exc:
        raise ImportRefused(_("This file is not a readable CSV file (%(error)s).") % {"error": exc}) from exc
    return ParsedFile(kind="csv", encoding=encoding, delimiter=delimiter, columns=columns, rows=rows)


def _read_xlsx(data: bytes) -> ParsedFile:
    from openpyxl import load_workbook  # imported here: only XLSX uploads pay for it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportRefused(
            _("This file looks like an Excel workbook but cannot be opened (%(error)s).") % {"error": exc}
        ) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportRefused(_("This workbook has no sheets."))
        columns, rows = _rows_from_cells(list(r) for r in sheet.iter_rows(values_only=True))
    finally:
        workbook.close()
    return ParsedFile(kind="xlsx", encoding="", delimiter="", columns=columns, rows=rows)


def read_facility_file(data: bytes, *, filename: str = "", max_bytes: int | None = None) -> ParsedFile:
    """Parse a whole file. Raises ``ImportRefused`` with a message for the uploader."""
    if max_bytes is not None and len(data) > max_bytes:
        raise ImportRefused(
            _("This file is %(size)s MB; the largest list accepted is %(limit)s MB. Split it into smaller files.")
            % {"size": f"{len(data) / 1_000_000:.1f}", "limit": f"{max_bytes / 1_000_000:.1f}"}
        )
    if not data.strip():
        raise ImportRefused(_("This file is empty: it has no header row and no facilities."))
    if data.startswith(XLSX_SIGNATURE) or filename.lower().endswith((".xlsx", ".xlsm")):
        if not data.startswith(XLSX_SIGNATURE):
            raise ImportRefused(_("This file is named like an Excel workbook but is not one."))
        return _read_xlsx(data)
    if filename.lower().endswith(".xls") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(_("Old Excel files (.xls) are not supported: save the list as .xlsx or CSV."))
    return _read_csv(data)
