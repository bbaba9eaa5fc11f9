"""PostgreSQL helpers shared by the bench parts that run on a throwaway database of their own."""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit, urlunsplit


def libpq(url: str) -> str:
    """A DATABASE_URL as psycopg takes it (``postgres://`` -> ``postgresql://``)."""
    return "postgresql" + url[len("postgres") :] if url.startswith("postgres://") else url


def with_database(url: str, name: str) -> str:
    """The same server, another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def postgres_url(part: str) -> str | None:
    """The server a part runs on (BENCH_DATABASE_URL, else DATABASE_URL, else the local one), or
    None with a printed note when BENCH_POSTGRES=0 or nothing answers."""
    if os.environ.get("BENCH_POSTGRES", "1") == "0":
        _say(f"{part}: PostgreSQL skipped (BENCH_POSTGRES=0).")
        return None
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    url = url or "postgres://postgres@127.0.0.1:5432/postgres"
    try:
        import psycopg

        with psycopg.connect(libpq(url), connect_timeout=3):
            return url
    except Exception as exc:  # any failure to connect: the note says why
        _say(f"{part}: PostgreSQL not reachable ({type(exc).__name__}); skipped.")
        return None


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
