"""Public site at scale (issue 12): search page, statistics page and open-data export, each next to
its raw baseline measured in the same run on the same throwaway database (bench/run.py migrates a
temporary SQLite file).

Data: ``BENCH_PUBLIC_FACILITIES`` synthetic facilities (default 1,000,000; a third with a Bengali
local name) covered by one program, each with a standing, and as many complaints; written with
``executemany`` in batches (the search index's triggers fill the FTS5 table as rows arrive).

Figures:
- search page p95 (the whole Django page: filters, keyset page, cards, template) vs the raw
  full-text query it is built on (FTS5 phrase match, program filter, name order, one page);
  goal <= 2x. Also the second page (keyset cursor) and the typo-tolerant fallback.
- statistics page p95 (cached five minutes; the cold first view is printed too); goal <= 150 ms.
- facilities.csv export rows/s vs a raw stream of the same rows (one SQL join, csv.writer to a null
  sink); goal >= 0.75x; the export's peak Python memory (tracemalloc) < 200 MB. The same for
  complaints.csv.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import re
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

Row = tuple[str, float, str]

BATCH = 5000
WORDS = (
    "Sunrise",
    "Meghna",
    "Padma",
    "Jamuna",
    "Karnaphuli",
    "Rupsha",
    "Surma",
    "Teesta",
    "Buriganga",
    "Shitalakshya",
    "Golden",
    "Green",
    "Royal",
    "Star",
    "Prime",
    "Apex",
    "Delta",
    "Crescent",
    "Evergreen",
    "Harbour",
    "Lotus",
    "Orchid",
    "Silver",
    "Tiger",
    "Eagle",
    "Falcon",
    "Summit",
    "Pioneer",
    "Unity",
)
KINDS = ("Knit", "Denim", "Sweaters", "Garments", "Textiles", "Apparels", "Fashions", "Composite", "Washing", "Dyeing")
BN_WORDS = ("মেঘনা", "পদ্মা", "যমুনা", "কর্ণফুলী", "রূপসা", "সুরমা", "তিস্তা", "বুড়িগঙ্গা", "সোনালী", "সবুজ")
BN_KINDS = ("নিট", "ডেনিম", "সোয়েটার্স", "গার্মেন্টস", "টেক্সটাইল")
PLACES = ("Gazipur", "Ashulia", "Savar", "Narayanganj", "Chattogram", "Tongi", "Konabari", "Mirpur", "Uttara")
CATEGORIES = ("health_safety", "wages_hours", "freedom_of_association", "retaliation", "discrimination", "other")
STATUSES = ("received", "acknowledged", "investigating", "finding", "closed", "closed", "closed")


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _ts(moment: dt.datetime) -> str:
    """A datetime as Django's SQLite backend stores it (UTC, space-separated, no offset)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _columns(cursor: Any, table: str) -> list[tuple[str, bool, str]]:
    """(name, not null, declared type) of each column (SQLite)."""
    cursor.execute(f"PRAGMA table_info({table})")
    return [(r[1], bool(r[3]), str(r[2]).lower()) for r in cursor.fetchall()]


def _insert(cursor: Any, table: str, rows: Iterator[dict[str, Any]]) -> int:
    """executemany in batches; columns not given get a neutral value (empty text, 0, NULL)."""
    columns = [c for c in _columns(cursor, table) if c[0] != "id"]
    names = [c[0] for c in columns]
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608

    def value(row: dict[str, Any], name: str, not_null: bool, kind: str) -> Any:
        if name in row:
            return row[name]
        if not not_null:
            return None
        if "int" in kind or "bool" in kind or "decimal" in kind or "real" in kind:
            return 0
        return ""

    count = 0
    batch: list[list[Any]] = []
    for row in rows:
        batch.append([value(row, n, nn, k) for n, nn, k in columns])
        if len(batch) >= BATCH:
            cursor.executemany(sql, batch)
            count += len(batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)
        count += len(batch)
    return count


def _setup(n: int) -> Any:
    from django.db import connection, transaction

    from wsr.accounts.models import Organisation
    from wsr.programs.models import Program

    rng = random.Random(12)
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    worker = Organisation.objects.create(name="Bench Unions", kind="worker_org", country="BD")
    monitor = Organisation.objects.create(name="Bench Secretariat", kind="monitoring_body", country="BD")
    program = Program.objects.create(
        slug="bench-public",
        name="Bench Public Program",
        sector="garment",
        countries=["BD"],
        languages=["bn", "en"],
        worker_organisation=worker,
        monitoring_body=monitor,
    )

    def facilities() -> Iterator[dict[str, Any]]:
        for i in range(n):
            word, kind = rng.choice(WORDS), rng.choice(KINDS)
            place = rng.choice(PLACES)
            local = f"{rng.choice(BN_WORDS)} {rng.choice(BN_KINDS)} {i}" if i % 3 == 0 else ""
            yield {
                "public_id": f"fac_b{i:015d}",
                "name": f"{word} {rng.choice(WORDS)} {kind} Ltd – Unit {i}",
                "name_local": local,
                "address": f"Plot {rng.randint(1, 400)}, {place}, Bangladesh",
                "country": "BD",
                "lat": f"{23.5 + rng.random():.6f}",
                "lng": f"{90.0 + rng.random():.6f}",
                "sectors": json.dumps(["Apparel"]),
                "product_types": json.dumps(["Knit tops"]),
                "facility_types": "[]",
                "worker_count": rng.choice([450, 1200, 3400, 7800, 11000]),
                "parent_company": f"{word} Group",
                "match_key": f"k{i}",
                "created_at": _ts(now),
                "updated_at": _ts(now),
            }

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        _insert(cursor, "registry_facility", facilities())
        cursor.execute("SELECT min(id) FROM registry_facility WHERE public_id LIKE 'fac_b%%'")
        first = cursor.fetchone()[0]
        ids = range(first, first + n)
        _insert(
            cursor,
            "registry_programfacility",
            ({"program_id": program.pk, "facility_id": f, "since": "2020-01-01"} for f in ids),
        )
        standings = ("participating",) * 17 + ("probation", "suspended", "terminated")
        _insert(
            cursor,
            "standing_facilitystanding",
            (
                {
                    "public_id": f"std_b{f:015d}",
                    "program_id": program.pk,
                    "facility_id": f,
                    "status": rng.choice(standings),
                    "since": _ts(now),
                    "updated_at": _ts(now),
                }
                for f in ids
            ),
        )

        def complaints() -> Iterator[dict[str, Any]]:
            for i in range(n):
                received = now - dt.timedelta(minutes=37 * i % (400 * 24 * 60))
                status = rng.choice(STATUSES)
                resolved = received + dt.timedelta(days=rng.randint(1, 40)) if status == "closed" else None
                yield {
                    "public_id": f"cmp_b{i:015d}",
                    "case_code": f"B{i:011d}",
                    "program_id": program.pk,
                    "facility_id": first + rng.randrange(n),
                    "category": rng.choice(CATEGORIES),
                    "channel": rng.choice(("web", "sms", "hotline", "worker_org")),
                    "language": "bn",
                    "status": status,
                    "received_at": _ts(received),
                    "resolved_at": _ts(resolved) if resolved else None,
                    "updated_at": _ts(received),
                    "finding_outcome": "substantiated" if status == "closed" else "",
                    "narrative": "v1:bench",
                }

        _insert(cursor, "complaints_complaint", complaints())
    say(f"  generated {n:,} facilities, standings and complaints in {time.perf_counter() - start:.1f} s")
    return program


def _search_terms(n: int) -> list[str]:
    rng = random.Random(7)
    terms = [f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(KINDS)}" for _ in range(20)]
    terms += [f"Unit {rng.randrange(n)}" for _ in range(10)]
    terms += [f"{rng.choice(BN_WORDS)} {rng.choice(BN_KINDS)}" for _ in range(10)]
    terms += [rng.choice(WORDS) for _ in range(10)]
    return terms


RAW_SEARCH = """
SELECT f.id, f.public_id, f.name, f.name_local, f.address, f.country FROM registry_facility f
WHERE f.id IN (SELECT rowid FROM disclosure_facility_fts WHERE disclosure_facility_fts MATCH %s)
  AND EXISTS (SELECT 1 FROM registry_programfacility pf WHERE pf.facility_id = f.id AND pf.until IS NULL)
ORDER BY f.name, f.public_id LIMIT 26
"""

RAW_EXPORT = """
SELECT f.public_id, f.os_id, f.name, f.name_local, f.address, f.country, f.lat, f.lng, f.sectors,
       f.product_types, f.facility_types, f.worker_count, f.parent_company, pf.since, s.status, s.since,
       c.total, c.verified
FROM registry_programfacility pf
JOIN registry_facility f ON f.id = pf.facility_id
LEFT JOIN standing_facilitystanding s ON s.program_id = pf.program_id AND s.facility_id = pf.facility_id
LEFT JOIN (SELECT facility_id, count(*) AS total, sum(state = 'verified_fixed') AS verified
           FROM audits_capitem WHERE program_id = %s GROUP BY facility_id) c ON c.facility_id = pf.facility_id
WHERE pf.program_id = %s AND pf.until IS NULL ORDER BY pf.id
"""

RAW_COMPLAINTS = """
SELECT c.received_at, f.public_id, f.name, c.category, c.status, c.finding_outcome
FROM complaints_complaint c LEFT JOIN registry_facility f ON f.id = c.facility_id
WHERE c.program_id = %s ORDER BY c.received_at, c.public_id
"""


def _raw_search(cursor: Any, phrase: str) -> list[Any]:
    cursor.execute(RAW_SEARCH, [phrase])
    return list(cursor.fetchall())


NEXT = re.compile(r'after=([A-Za-z0-9_-]+)[^"]*" rel="next"')


class _Null:
    def write(self, text: str) -> int:
        return len(text)


def _raw_stream(sql: str, params: list[Any], *, safe: bool) -> int:
    """The rows of ``sql`` written as CSV to a null sink: with ``csv.writer`` as they are, or
    (``safe``) through wsr.core.csv_export's writer, which every public CSV must use."""
    from django.db import connection

    from wsr.core.csv_export import CsvWriter

    writer: Any = CsvWriter(_Null()) if safe else csv.writer(_Null())
    rows = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            chunk = cursor.fetchmany(2000)
            if not chunk:
                break
            for row in chunk:
                writer.writerow(["" if v is None else v for v in row])
            rows += len(chunk)
    return rows


def _export(client: Any, url: str) -> tuple[int, int]:
    response = client.get(url)
    assert response.status_code == 200, url
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    return size, lines - 1


def run() -> list[Row]:
    from django.test import override_settings

    plain = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Pages render as in production minus the static manifest (a bench has no collectstatic).
    with override_settings(STORAGES=plain, ALLOWED_HOSTS=["testserver"]):
        return _run()


def _run() -> list[Row]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    n = int(os.environ.get("BENCH_PUBLIC_FACILITIES", "1000000"))
    say(f"public site: {n:,} facilities and {n:,} complaints ({connection.vendor})")
    program = _setup(n)
    client = Client()
    results: list[Row] = []

    # --- search ---------------------------------------------------------------------------------
    terms = _search_terms(n)
    for term in terms[:3]:  # warm caches both ways
        client.get("/search/", {"q": term})
    page: list[float] = []
    raw: list[float] = []
    with connection.cursor() as cursor:
        for term in terms:
            phrase = '"' + term.replace('"', '""') + '"'
            raw += _timed(partial(_raw_search, cursor, phrase), 1)
            page += _timed(partial(client.get, "/search/", {"q": term}), 1)
    results += [
        ("public search page p95", _p95(page), "ms"),
        ("  baseline: raw FTS5 query of the same page p95", _p95(raw), "ms"),
        ("public search page / raw query (p95)", _p95(page) / max(_p95(raw), 1e-6), "x"),
    ]
    second: list[float] = []
    for term in terms[30:]:
        found = NEXT.search(client.get("/search/", {"q": term}).content.decode())
        cursor_token = found.group(1) if found else ""
        if cursor_token:
            second += _timed(partial(client.get, "/search/", {"q": term, "after": cursor_token}), 1)
    if second:
        results.append(("public search next page (keyset) p95", _p95(second), "ms"))
    typos = _timed(lambda: client.get("/search/", {"q": "Meghnna Knitt"}), 5)
    results.append(("public search typo fallback p95", _p95(typos), "ms"))
    browse = _timed(lambda: client.get("/search/", {"program": program.slug, "standing": "suspended"}), 10)
    results.append(("public search, filters only (no text) p95", _p95(browse), "ms"))

    # --- statistics -----------------------------------------------------------------------------
    cache.clear()
    cold = _timed(lambda: client.get(f"/p/{program.slug}/statistics/"), 1)[0]
    warm = _timed(lambda: client.get(f"/p/{program.slug}/statistics/"), 50)
    results += [
        ("public statistics page p95 (cached)", _p95(warm), "ms"),
        ("  cold view (aggregates computed)", cold, "ms"),
    ]

    # --- exports --------------------------------------------------------------------------------
    for name, url, sql, params in (
        ("facilities.csv", f"/open-data/{program.slug}/facilities.csv", RAW_EXPORT, [program.pk, program.pk]),
        ("complaints.csv", f"/open-data/{program.slug}/complaints.csv", RAW_COMPLAINTS, [program.pk]),
    ):
        start = time.perf_counter()
        raw_rows = _raw_stream(sql, params, safe=False)
        plain_rate = raw_rows / (time.perf_counter() - start)
        start = time.perf_counter()
        _raw_stream(sql, params, safe=True)
        raw_rate = raw_rows / (time.perf_counter() - start)
        start = time.perf_counter()
        _size, rows = _export(client, url)
        rate = rows / (time.perf_counter() - start)
        tracemalloc.start()
        _export(client, url)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results += [
            (f"open data {name} rows/s", rate, "rows/s"),
            (f"  baseline: raw SQL stream of the same {raw_rows:,} rows, csv_export writer", raw_rate, "rows/s"),
            ("  baseline: the same, plain csv.writer (no formula guard)", plain_rate, "rows/s"),
            (f"open data {name} / raw stream (csv_export writer)", rate / raw_rate, "ratio"),
            (f"open data {name} / raw stream (plain csv.writer)", rate / plain_rate, "ratio"),
            (f"open data {name} peak Python memory", peak / 2**20, "MB"),
        ]
    return results
