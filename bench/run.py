"""`make bench`: performance figures, each next to a baseline measured in the same run.

Every part runs against a throwaway database: a temporary SQLite file, deleted with its folder.
The complaint intake part (the worker waits on it) also runs on PostgreSQL when one is reachable
at BENCH_DATABASE_URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test: the bench
creates a uniquely named database on that server (``wsr_bench_<random>``), runs there in a child
process, and drops it afterwards, so a second run starts clean and nothing is left behind. The
end of the output puts both databases' intake and status ratios side by side.

``python -m bench.run [log] [tree] [import] [intake] [matching] [ingest] [reconcile] [public]`` runs
only the named parts (all by default; the last three are long: a million purchase lines on SQLite
and PostgreSQL, ten million on PostgreSQL, a million facilities and complaints; BENCH_INGEST_LINES,
BENCH_RECONCILE_LINES and BENCH_PUBLIC_FACILITIES make them smaller). BENCH_ROWS sets the
facility-import size (default 100,000), BENCH_LOG_ENTRIES the transparency-log size (default
20,000), BENCH_TREE_ENTRIES the Merkle-tree size (default 1,000,000), BENCH_INTAKE_REQUESTS the
intake requests (default 200); BENCH_POSTGRES=0 skips PostgreSQL.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Parts with a module of their own (bench/bench_<part>.py exposing ``run() -> list[Row]``; each reads
# its sizes from the environment and prints its own summary lines through ``say``).
MODULE_PARTS = ("ingest", "reconcile", "public")
_PRESENT = tuple(part for part in MODULE_PARTS if (Path(__file__).parent / f"bench_{part}.py").exists())
PARTS = ("log", "tree", "import", "intake", "matching", *_PRESENT)
_CHILD = "--postgres-child"  # internal: this process is the PostgreSQL run of the intake part
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"

_POSTGRES_URL = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES_URL
_TMP = tempfile.mkdtemp(prefix="wsr-bench-")
if _CHILD in sys.argv:
    os.environ["DATABASE_URL"] = os.environ["WSR_BENCH_CHILD_DATABASE_URL"]
else:
    os.environ.pop("DATABASE_URL", None)
    os.environ["WSR_SQLITE_PATH"] = str(Path(_TMP) / "bench.sqlite3")
os.environ["WSR_TASK_BACKEND"] = "inline"
# Throwaway secrets for throwaway data, generated into the temporary folder (the PostgreSQL child
# process inherits the same files), unless the caller set some.
os.environ.setdefault("WSR_GENERATE_SECRETS", "1")
os.environ.setdefault("WSR_SECRETS_FILE", str(Path(_TMP) / "secrets.json"))
os.environ.setdefault("WSR_LOG_SIGNING_KEY_FILE", str(Path(_TMP) / "log-signing-key"))
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


# --- PostgreSQL: a throwaway database for the intake part -----------------------------------------


def _postgres_server(url: str) -> str | None:
    """``url`` when it names a reachable PostgreSQL server, else None (with the reason said)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    shown = f"{parts.scheme}://{parts.hostname or ''}:{parts.port or 5432}{parts.path}"  # never the password
    if parts.scheme not in ("postgres", "postgresql"):
        say(f"PostgreSQL: {shown} is not a PostgreSQL address; skipped.")
        return None
    import psycopg

    try:
        with psycopg.connect(_libpq(url), connect_timeout=3):
            return url
    except psycopg.Error as exc:
        say(f"PostgreSQL: not reachable at {shown} ({type(exc).__name__}); skipped.")
        return None


def _libpq(url: str) -> str:
    return "postgresql" + url[len("postgres") :] if url.startswith("postgres://") else url


def _with_database(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def run_intake_on_postgres(url: str, requests: int) -> list[Row]:
    """Create ``wsr_bench_<random>`` on the server, run the intake part there in a child process
    (settings are read once per process), drop the database whatever happened."""
    import secrets

    import psycopg

    name = f"wsr_bench_{secrets.token_hex(6)}"
    with psycopg.connect(_libpq(url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    out = Path(_TMP) / "postgres.json"
    try:
        env = dict(os.environ, WSR_BENCH_CHILD_DATABASE_URL=_with_database(url, name), WSR_BENCH_JSON=str(out))
        env["BENCH_INTAKE_REQUESTS"] = str(requests)
        done = subprocess.run([sys.executable, "-m", "bench.run", "intake", _CHILD], env=env, check=False)
        if done.returncode != 0 or not out.exists():
            say(f"PostgreSQL: the intake bench failed (exit {done.returncode}).")
            return []
        return [(n, v, u) for n, v, u in json.loads(out.read_text())]
    finally:
        with psycopg.connect(_libpq(url), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _intake_summary(by_db: dict[str, list[Row]]) -> None:
    ratios = [
        ("intake / bare Argon2id hash", "  intake / bare hash"),
        ("status look-up / bare Argon2id verify", "  status look-up / bare verify"),
    ]
    say()
    say("  Where a worker waits (goal >= 0.90 of the bare KDF on every database):")
    for label, prefix in ratios:
        shown = []
        for db, rows in by_db.items():
            value = next((v for n, v, _u in rows if n.startswith(prefix)), None)
            if value is not None:
                shown.append(f"{db} {value:.2f}")
        say(f"    {label}: " + ", ".join(shown))


def main() -> int:
    wanted = [a for a in sys.argv[1:] if a in PARTS] or list(PARTS)
    requests = int(os.environ.get("BENCH_INTAKE_REQUESTS", "200"))
    call_command("migrate", verbosity=0)
    from django.db import connection

    try:
        if _CHILD in sys.argv:  # the PostgreSQL intake run: figures go back to the parent as JSON
            from bench import bench_intake

            Path(os.environ["WSR_BENCH_JSON"]).write_text(json.dumps(bench_intake.run(requests)))
            return 0
        return _main(wanted, requests, connection.vendor)
    finally:
        connection.close()
        shutil.rmtree(_TMP, ignore_errors=True)


def _main(wanted: list[str], requests: int, vendor: str) -> int:
    rows = int(os.environ.get("BENCH_ROWS", "100000"))
    entries = int(os.environ.get("BENCH_LOG_ENTRIES", "20000"))
    sizes = [f"{rows:,} facility rows"] * ("import" in wanted) + [f"{entries:,} log entries"] * ("log" in wanted)
    sizes += [f"{requests:,} intake requests"] * ("intake" in wanted)
    say(f"make bench: {', '.join(wanted)} on {vendor} (a throwaway file); {', '.join(sizes)}")
    results: list[Row] = []
    if "log" in wanted:
        results += bench_log(entries)
    if "tree" in wanted:  # the Merkle tree: verification vs a raw hash pass, proof time (bench/bench_log.py)
        from bench import bench_log as bench_tree

        tree = int(os.environ.get("BENCH_TREE_ENTRIES", "1000000"))
        results += bench_tree.run(tree)
        if tree < 1_000_000:
            say(f"(log tree measured at {tree:,} entries; BENCH_TREE_ENTRIES=1000000 for a million)")
    if "import" in wanted:
        from bench import bench_import

        results += bench_import.run(rows)
    intake: dict[str, list[Row]] = {}
    if "intake" in wanted:
        from bench import bench_intake

        intake["SQLite"] = bench_intake.run(requests)
        results += intake["SQLite"]
        server = _postgres_server(_POSTGRES_URL) if os.environ.get("BENCH_POSTGRES", "1") != "0" else None
        if server is not None:
            intake["PostgreSQL"] = run_intake_on_postgres(server, requests)
            results += [(f"{name} [PostgreSQL]", value, unit) for name, value, unit in intake["PostgreSQL"]]
    if "matching" in wanted:
        from bench import bench_matching

        registry = int(os.environ.get("BENCH_REGISTRY", "100000"))
        results += bench_matching.speed(registry, int(os.environ.get("BENCH_MATCH_ROWS", "10000")))
        if registry < 1_000_000:
            say(f"(matching speed measured against {registry:,} facilities; BENCH_REGISTRY=1000000 for a million)")
    for part in MODULE_PARTS:
        if part in wanted:
            import importlib

            results += importlib.import_module(f"bench.bench_{part}").run()
    width = max((len(name) for name, _, _ in results), default=0)
    say()
    for name, value, unit in results:
        decimals = 2 if unit in ("ratio", "x") else 3 if unit in ("s", "ms") else 0  # seconds below 1 stay visible
        shown = f"{value:,.{decimals}f}"
        say(f"  {name:<{width}}  {shown:>14} {unit}")
    by_name = {name: value for name, value, _ in results}
    if "log" in wanted:
        verify = by_name["log verify (recompute the whole chain)"]
        batched = by_name["log append, batches of 1000"]
        hashing = by_name["  baseline: SHA-256 of the same canonical JSON only"]
        say()
        say(f"  log verify / batched append: {verify / batched:.2f}x")
        say(f"  log batched append / hash-only baseline: {batched / hashing:.3f}")
    if intake:
        _intake_summary(intake)
    if "matching" in wanted:
        from bench import bench_matching

        say()
        for line in bench_matching.quality():
            say(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
