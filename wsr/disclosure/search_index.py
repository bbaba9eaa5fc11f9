# ruff: noqa: S608 - constant table names; every value is a bound parameter
"""The public facility search index, kept by the database itself (decision 0034).

SQLite: an FTS5 table with the trigram tokenizer over ``registry_facility`` (name, local-language
name, address) as external content, kept in sync by triggers on the facility table, so every
write path (services, bulk imports, the admin, raw SQL) updates it. A trigram phrase query is a
case-insensitive substring match in any script (Bengali included); the typo-tolerant fallback ORs
the query's trigrams and ranks by BM25.

PostgreSQL: ``pg_trgm`` GIN indexes over the same text (``ILIKE`` substring and ``word_similarity``
for typos). Without the extension (no right to create it) search still works, unindexed.

Both: an index on ``(name, public_id)`` for keyset pagination in name order.

``install`` is idempotent: the migration runs it, and so does ``post_migrate`` (a later migration
that rebuilds ``registry_facility`` on SQLite drops its triggers and indexes with the old table).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

FTS = "disclosure_facility_fts"
DOC_SQL = "(name || ' ' || name_local || ' ' || address)"  # PostgreSQL: the indexed expression

_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS disclosure_fts_ai AFTER INSERT ON registry_facility BEGIN
      INSERT INTO {FTS}(rowid, name, name_local, address) VALUES (new.id, new.name, new.name_local, new.address);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS disclosure_fts_ad AFTER DELETE ON registry_facility BEGIN
      INSERT INTO {FTS}({FTS}, rowid, name, name_local, address)
        VALUES ('delete', old.id, old.name, old.name_local, old.address);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS disclosure_fts_au AFTER UPDATE OF name, name_local, address
      ON registry_facility BEGIN
      INSERT INTO {FTS}({FTS}, rowid, name, name_local, address)
        VALUES ('delete', old.id, old.name, old.name_local, old.address);
      INSERT INTO {FTS}(rowid, name, name_local, address) VALUES (new.id, new.name, new.name_local, new.address);
    END""",
]
_KEYSET_INDEX = "CREATE INDEX IF NOT EXISTS disclosure_facility_name_key ON registry_facility (name, public_id)"


def _sqlite(cursor: Any) -> None:
    cursor.execute(f"SELECT count(*) FROM sqlite_master WHERE name = '{FTS}'")
    existed = cursor.fetchone()[0] == 1
    cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'disclosure_fts_%'")
    triggers = cursor.fetchone()[0]
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
        "name, name_local, address, content='registry_facility', content_rowid='id', tokenize='trigram')"
    )
    for sql in _SQLITE_TRIGGERS:
        cursor.execute(sql)
    if not existed or triggers < len(_SQLITE_TRIGGERS):
        cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")  # writes missed while unsynced
    cursor.execute(_KEYSET_INDEX)


def _postgresql(cursor: Any) -> None:
    try:
        with transaction.atomic():
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:
        return
    cursor.execute(
        f"CREATE INDEX IF NOT EXISTS disclosure_facility_trgm ON registry_facility USING gin ({DOC_SQL} gin_trgm_ops)"
    )
    cursor.execute(
        "CREATE INDEX IF NOT EXISTS disclosure_facility_address_trgm ON registry_facility "
        "USING gin (address gin_trgm_ops)"
    )


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite(cursor)
        elif connection.vendor == "postgresql":
            _postgresql(cursor)
            cursor.execute(_KEYSET_INDEX)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS disclosure_fts_{name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS disclosure_facility_trgm")
            cursor.execute("DROP INDEX IF EXISTS disclosure_facility_address_trgm")
        cursor.execute("DROP INDEX IF EXISTS disclosure_facility_name_key")
