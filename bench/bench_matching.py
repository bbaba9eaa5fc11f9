"""Facility matching: quality on the labelled pairs next to the naive baseline, and the speed of
blocking against a large registry.

``quality()`` reads tests/data/matching/pairs.csv and prints, for the held-out ("test") and the
training split, recall, automatic precision, false automatic merges and review share, for the
linkage model and for the naive baseline (rapidfuzz token-set, name 0.6 + address 0.4, same
country, auto >= 95, review >= 65).

``speed(registry, rows)`` builds the in-memory candidate index over ``registry`` synthetic
facilities (BENCH_REGISTRY, default 100,000; set 1000000 for the million-facility figure, which
needs a few GB of memory and a few minutes on a 2-core machine) and matches ``rows`` list rows
(BENCH_MATCH_ROWS, default 10,000) against it: index build time and rows/s (matching only, no
database).
"""

from __future__ import annotations

import time
from pathlib import Path

Row = tuple[str, float, str]
PAIRS = Path(__file__).resolve().parents[1] / "tests" / "data" / "matching" / "pairs.csv"


def quality() -> list[str]:
    from wsr.registry.importing.evaluation import baseline_decide, evaluate, model_decider, pairs_load

    pairs = pairs_load(PAIRS)
    lines = [
        f"  {'matching quality (labelled pairs)':<56} {'recall':>7} {'auto prec.':>10} {'false auto':>10} "
        f"{'review share':>12}"
    ]
    for split in ("test", "train"):
        subset = [p for p in pairs if p.split == split]
        same = sum(p.same for p in subset)
        for label, decide in (("linkage model", model_decider()), ("naive baseline", baseline_decide)):
            f = evaluate(subset, decide)
            name = f"{split} ({same} same / {len(subset) - same} different): {label}"
            lines.append(
                f"  {name:<56} {f.recall:>7.3f} {f.precision:>10.3f} {f.auto_different:>10d} {f.review_share:>12.3f}"
            )
    return lines


def speed(registry: int, rows: int) -> list[Row]:
    from bench.bench_import import synthetic_rows
    from wsr.registry.importing.matcher import CandidateIndex, record_for
    from wsr.registry.matching import normalise_country

    data = synthetic_rows(registry + rows, seed=7)
    existing, incoming = data[:registry], data[registry:]
    start = time.perf_counter()
    index = CandidateIndex()
    for country, name, address, lat, lng in existing:
        index.add(record_for(name=name, address=address, country=normalise_country(country) or "BD", lat=lat, lng=lng))
    t_build = time.perf_counter() - start
    start = time.perf_counter()
    found = 0
    for country, name, address, lat, lng in incoming:
        record = record_for(name=name, address=address, country=normalise_country(country) or "BD", lat=lat, lng=lng)
        found += index.best(record) is not None
    t_match = time.perf_counter() - start
    return [
        (f"matching index build, {registry:,} registry facilities", registry / t_build, "facilities/s"),
        (f"matching {rows:,} rows against {registry:,} facilities ({found:,} found)", rows / t_match, "rows/s"),
    ]
