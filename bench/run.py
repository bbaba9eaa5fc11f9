"""`make bench`: performance figures, each next to a baseline measured in the same run.

Runs against a throwaway database: a temporary SQLite file by default, or the PostgreSQL named
by BENCH_DATABASE_URL. BENCH_ROWS sets the facility-import size (default 100,000) and
BENCH_LOG_ENTRIES the transparency-log size (default 20,000).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_TMP = tempfile.mkdtemp(prefix="wsr-bench-")
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
else:
    os.environ.pop("DATABASE_URL", None)
    os.environ["WSR_SQLITE_PATH"] = str(Path(_TMP) / "bench.sqlite3")
os.environ["WSR_TASK_BACKEND"] = "inline"
os.environ.setdefault("WSR_LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

Row = tuple[str, float, str]


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_log(n: int) -> list[Row]:
    import hashlib

    from wsr.core.models import TransparencyEntry, TransparencyHead
    from wsr.core.transparency import canonical_json, transparency_append, transparency_append_many, transparency_verify

    payloads = [{"facility": f"fac_{i:016d}", "name": f"Factory {i}", "country": "BD", "n": i} for i in range(n)]
    singles = min(n, 2000)

    def one_by_one() -> None:
        for p in payloads[:singles]:
            transparency_append(stream="bench:single", kind="facility_covered", payload=p)

    def batched() -> None:
        for i in range(0, n, 1000):
            transparency_append_many(
                stream="bench:batch", items=[("facility_covered", p) for p in payloads[i : i + 1000]]
            )

    def hash_only() -> None:
        for p in payloads:
            hashlib.sha256(canonical_json(p)).hexdigest()

    t_single = timed(one_by_one)
    t_batch = timed(batched)
    t_hash = timed(hash_only)
    t_verify = timed(lambda: transparency_verify("bench:batch"))
    assert all(r.ok for r in transparency_verify("bench:single"))
    TransparencyEntry.objects.filter(stream__startswith="bench:").delete()
    TransparencyHead.objects.filter(stream__startswith="bench:").delete()
    return [
        ("log append, one transaction per entry", singles / t_single, "entries/s"),
        ("log append, batches of 1000", n / t_batch, "entries/s"),
        ("  baseline: SHA-256 of the same canonical JSON only", n / t_hash, "entries/s"),
        ("log verify (recompute the whole chain)", n / t_verify, "entries/s"),
    ]


def main() -> int:
    rows = int(os.environ.get("BENCH_ROWS", "100000"))
    entries = int(os.environ.get("BENCH_LOG_ENTRIES", "20000"))
    call_command("migrate", verbosity=0)
    from django.db import connection

    say(f"make bench: database {connection.vendor}, {rows:,} facility rows, {entries:,} log entries")
    results: list[Row] = []
    results += bench_log(entries)
    from bench import bench_import, bench_intake

    results += bench_import.run(rows)
    results += bench_intake.run(int(os.environ.get("BENCH_INTAKE_REQUESTS", "200")))
    from bench import bench_matching

    registry = int(os.environ.get("BENCH_REGISTRY", "100000"))
    results += bench_matching.speed(registry, int(os.environ.get("BENCH_MATCH_ROWS", "10000")))
    if registry < 1_000_000:
        say(f"(matching speed measured against {registry:,} facilities; BENCH_REGISTRY=1000000 for a million)")
    width = max(len(name) for name, _, _ in results)
    say()
    for name, value, unit in results:
        shown = f"{value:,.2f}" if unit in ("ratio", "x") else f"{value:,.0f}"
        say(f"  {name:<{width}}  {shown:>14} {unit}")
    by_name = {name: value for name, value, _ in results}
    verify = by_name["log verify (recompute the whole chain)"]
    batched = by_name["log append, batches of 1000"]
    hashing = by_name["  baseline: SHA-256 of the same canonical JSON only"]
    say()
    say(f"  log verify / batched append: {verify / batched:.2f}x")
    say(f"  log batched append / hash-only baseline: {batched / hashing:.3f}")
    say()
    for line in bench_matching.quality():
        say(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
