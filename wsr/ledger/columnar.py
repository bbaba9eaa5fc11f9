"""The columnar path: purchase lines aggregated by DuckDB from a local mirror of the table.

DuckDB cannot read the database itself here: its ``sqlite_scanner`` and ``postgres_scanner``
extensions are downloaded on first use, and this platform runs offline (checked: both fail with
"Failed to download extension"). So the path keeps a DuckDB file beside the app
(``VAR_DIR/ledger/lines.duckdb``) holding the few columns the reconciliation needs, and brings it
up to date before each read. That is exact because ``PurchaseLine`` is append-only (contract of
issue 11): new rows have larger ids, and a row never changes its amounts. A rebuilt database
(ids reused) is detected by the fingerprint of the last mirrored row and the mirror starts over.

Rows travel in CSV chunks (``COPY ... TO STDOUT`` on PostgreSQL, a cursor on SQLite) loaded with
``read_csv``: no per-row Python on the DuckDB side.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.db import connection

from wsr.core.csv_export import CsvWriter

COLUMNS = ("id", "program_id", "brand_id", "facility_id", "date", "currency", "premium_minor", "value_minor",
           "eligible", "reverses_id", "public_id")  # fmt: skip
_LOCK = threading.Lock()
CHUNK = 1_000_000


def mirror_path() -> Path:
    folder = Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / "ledger"
    folder.mkdir(parents=True, exist_ok=True)
    name = str(connection.settings_dict.get("NAME") or "db").replace(os.sep, "_").strip("_")[-80:]
    return folder / f"lines-{connection.vendor}-{name}.duckdb"


def _connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(mirror_path()))
    con.execute(
        """CREATE TABLE IF NOT EXISTS lines (id BIGINT, program_id BIGINT, brand_id BIGINT, facility_id BIGINT,
        date DATE, currency VARCHAR, premium_minor BIGINT, value_minor BIGINT, eligible BOOLEAN,
        reverses_id BIGINT, public_id VARCHAR)"""
    )
    return con


def _last(con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    row = con.execute("SELECT id, public_id FROM lines ORDER BY id DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "")


def _still_same(last_id: int, public_id: str) -> bool:
    if not last_id:
        return True
    from wsr.purchases.models import PurchaseLine

    return PurchaseLine.objects.filter(pk=last_id, public_id=public_id).exists()


def _chunks_postgres(after: int) -> Iterator[Path]:
    table = _table()
    cols = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        raw = cursor.connection  # psycopg 3
        while True:
            path = _temp_csv()
            sql = (
                f"COPY (SELECT {cols} FROM {table} WHERE id > {int(after)} ORDER BY id LIMIT {CHUNK}) "  # noqa: S608
                "TO STDOUT WITH (FORMAT csv)"
            )
            size = 0
            with path.open("wb") as out, raw.cursor().copy(sql) as copy:
                for data in copy:
                    out.write(data)
                    size += len(data)
            if size == 0:
                path.unlink()
                return
            with path.open("rb") as f:
                f.seek(max(0, size - 4096))
                tail = f.read().splitlines()[-1].decode()
            after = int(tail.split(",", 1)[0])  # the rows are ordered by id: the last is the largest
            yield path


def _chunks_sqlite(after: int) -> Iterator[Path]:
    table = _table()
    cols = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT {cols} FROM {table} WHERE id > %s ORDER BY id LIMIT {CHUNK}",  # noqa: S608
                [after],
            )
            path = _temp_csv()
            count = 0
            with path.open("w", newline="") as out:
                writer = CsvWriter(out, lineterminator="\n")
                for row in cursor.fetchall():
                    writer.writerow(
                        [row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                         "t" if row[8] else "f", "" if row[9] is None else row[9], row[10]]
                    )  # fmt: skip
                    after = row[0]
                    count += 1
            if count == 0:
                path.unlink()
                return
            yield path


def _temp_csv() -> Path:
    handle, name = tempfile.mkstemp(prefix="wsr-lines-", suffix=".csv")
    os.close(handle)
    return Path(name)


def _table() -> str:
    from wsr.purchases.models import PurchaseLine

    return connection.ops.quote_name(PurchaseLine._meta.db_table)


def mirror_sync(con: duckdb.DuckDBPyConnection | None = None) -> int:
    """Copy the lines added since the last sync; returns how many were added."""
    with _LOCK:
        own = con is None
        con = con or _connect()
        try:
            last_id, public_id = _last(con)
            if not _still_same(last_id, public_id):
                con.execute("DELETE FROM lines")
                last_id = 0
            chunks = _chunks_postgres(last_id) if connection.vendor == "postgresql" else _chunks_sqlite(last_id)
            added = 0
            for path in chunks:
                try:
                    before = con.execute("SELECT count(*) FROM lines").fetchone()[0]  # type: ignore[index]
                    con.execute(
                        "INSERT INTO lines SELECT * FROM read_csv(?, header=false, columns={"
                        "'id':'BIGINT','program_id':'BIGINT','brand_id':'BIGINT','facility_id':'BIGINT',"
                        "'date':'DATE','currency':'VARCHAR','premium_minor':'BIGINT','value_minor':'BIGINT',"
                        "'eligible':'BOOLEAN','reverses_id':'BIGINT','public_id':'VARCHAR'})",
                        [str(path)],
                    )
                    after = con.execute("SELECT count(*) FROM lines").fetchone()[0]  # type: ignore[index]
                    added += int(after) - int(before)
                finally:
                    path.unlink(missing_ok=True)
            return added
        finally:
            if own:
                con.close()


def monthly(program_id: int, *, until: dt.date | None = None) -> list[tuple[Any, ...]]:
    """The rows of ``reconcile.monthly`` from the mirror (same grouping, same sums)."""
    con = _connect()
    try:
        mirror_sync(con)
        where = "program_id = ?" + (" AND date <= ?" if until else "")
        params: list[Any] = [program_id] + ([until] if until else [])
        return con.execute(
            f"""SELECT brand_id, facility_id, currency, date_trunc('month', date)::DATE AS month,
                sum(premium_minor)::BIGINT,
                (count(*) FILTER (WHERE NOT eligible AND reverses_id IS NULL))
                  - (count(*) FILTER (WHERE NOT eligible AND reverses_id IS NOT NULL)),
                coalesce(sum(value_minor) FILTER (WHERE NOT eligible), 0)::BIGINT,
                min(date) FILTER (WHERE NOT eligible AND reverses_id IS NULL)
            FROM lines WHERE {where} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4""",  # noqa: S608 (no user input)
            params,
        ).fetchall()
    finally:
        con.close()
