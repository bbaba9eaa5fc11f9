"""Facility-list import throughput next to a raw insert of the same rows, measured in one run.

``run(rows)`` works on the currently configured (throwaway) database: it generates ``rows``
synthetic facilities (deterministic: a mix of countries, generic and distinctive name words,
about 5% near-duplicates of earlier rows with changed case, punctuation, legal form or a typo),
writes them to a temporary CSV, imports it through the real service (parse, match, write), then
clears the tables and bulk-inserts the same facilities with the same batch size.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from django.db import transaction

Row = tuple[str, float, str]

COUNTRIES = [
    ("Bangladesh", "BD", 0.25),
    ("China", "CN", 0.25),
    ("IN", "IN", 0.12),
    ("Viet Nam", "VN", 0.12),
    ("Cambodia", "KH", 0.06),
    ("turkey", "TR", 0.06),
    ("Indonesia", "ID", 0.06),
    ("USA", "US", 0.04),
    ("Honduras", "HN", 0.04),
]
SYLLABLES = [
    "an",
    "ba",
    "bo",
    "chi",
    "da",
    "de",
    "fu",
    "ga",
    "ha",
    "hi",
    "jin",
    "ka",
    "ko",
    "la",
    "li",
    "lu",
    "ma",
    "mi",
    "na",
    "no",
    "pa",
    "po",
    "ra",
    "ri",
    "sa",
    "shi",
    "ta",
    "to",
    "wa",
    "xi",
    "ya",
    "yo",
    "zu",
]
GENERIC = ["Garments", "Textiles", "Apparel", "Knitwear", "Fashions", "Sweaters", "Denim", "Footwear", "Shoes"]
LEGAL = ["Ltd.", "Co., Ltd.", "Limited", "Pvt. Ltd.", "Company", "S.A. de C.V.", "JSC", ""]
STREETS = ["Road", "Street", "Avenue", "Highway", "Lane"]
ZONES = ["Industrial Zone", "Export Processing Zone", "Industrial Park", "Economic Development Area", "Village"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _typo(rng: random.Random, text: str) -> str:
    i = rng.randrange(1, max(2, len(text) - 1))
    return text[:i] + text[i + 1 :] if rng.random() < 0.5 else text[:i] + text[i] + text[i:]


def synthetic_rows(n: int, seed: int = 2025) -> list[tuple[str, str, str, str, str]]:
    rng = random.Random(seed)
    names = [c[0] for c in COUNTRIES]
    weights = [c[2] for c in COUNTRIES]
    rows: list[tuple[str, str, str, str, str]] = []
    for i in range(n):
        if rows and rng.random() < 0.05:
            country, name, address, lat, lng = rows[rng.randrange(len(rows))]
            variant = rng.randrange(3)
            if variant == 0:
                name = name.upper().replace(".", "").replace(",", "")
            elif variant == 1:
                name = name.rsplit(" ", 1)[0] + " " + rng.choice(LEGAL)
            else:
                first, _, rest = name.partition(" ")
                name = f"{_typo(rng, first)} {rest}"
            address = address.replace(",", ", ").replace("No.", "No. ")
            rows.append((country, name.strip(), address, lat, lng))
            continue
        country = rng.choices(names, weights)[0]
        name = f"{_word(rng)} {_word(rng)} {rng.choice(GENERIC)} {rng.choice(LEGAL)}".strip()
        address = (
            f"No.{rng.randint(1, 999)} {_word(rng)} {rng.choice(STREETS)},{_word(rng)} {rng.choice(ZONES)},"
            f"{_word(rng)} City"
        )
        lat = f"{rng.uniform(-40, 50):.6f}"
        lng = f"{rng.uniform(-100, 140):.6f}"
        rows.append((country, name, address, lat, lng))
        if i and i % 50_000 == 0:
            rng.seed(seed + i)
    return rows


def _write_csv(rows: list[tuple[str, str, str, str, str]], path: Path) -> None:
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["country", "name", "address", "sector", "lat", "lng"])
        for country, name, address, lat, lng in rows:
            writer.writerow([country, name, address, "Apparel", lat, lng])


def _clear_registry() -> None:
    from wsr.registry.models import Facility, ImportJob, ImportRow, ProgramFacility, SourcingRelation

    ImportRow.objects.all().delete()
    ImportJob.objects.all().delete()
    SourcingRelation.objects.all().delete()
    ProgramFacility.objects.all().delete()
    Facility.objects.all().delete()


def _program():
    from wsr.accounts.models import Organisation
    from wsr.programs.models import Program

    worker_org = Organisation.objects.create(name="Bench Workers' Union", kind="worker_org", country="BD")
    council = Organisation.objects.create(name="Bench Standards Council", kind="monitoring_body", country="BD")
    return Program.objects.create(
        slug=f"bench-import-{int(time.time())}",
        name="Bench import program",
        sector="garment",
        countries=["BD"],
        languages=["en"],
        currency="USD",
        worker_organisation=worker_org,
        monitoring_body=council,
    )


def run(rows: int = 100_000) -> list[Row]:
    from wsr.core.permissions import Actor
    from wsr.registry.importing.services import BATCH_SIZE, import_job_create
    from wsr.registry.matching import facility_match_key, normalise_country
    from wsr.registry.models import Facility

    data = synthetic_rows(rows)
    program = _program()
    _clear_registry()
    with tempfile.TemporaryDirectory(prefix="wsr-bench-import-") as tmp:
        path = Path(tmp) / "synthetic.csv"
        _write_csv(data, path)
        start = time.perf_counter()
        job = import_job_create(
            actor=Actor.system("bench"), program=program, data=path.read_bytes(), filename=path.name, run_now=True
        )
        t_import = time.perf_counter() - start
    created, matched = job.created_count, job.matched_count

    _clear_registry()
    facilities = []
    for country, name, address, lat, lng in data:
        code = normalise_country(country) or "BD"
        facilities.append(
            Facility(
                name=name,
                address=address,
                country=code,
                lat=lat,
                lng=lng,
                sectors=["Apparel"],
                match_key=facility_match_key(name, address, code),
            )
        )
    start = time.perf_counter()
    with transaction.atomic():
        Facility.objects.bulk_create(facilities, batch_size=BATCH_SIZE)
    t_raw = time.perf_counter() - start
    _clear_registry()

    import_rate, raw_rate = rows / t_import, rows / t_raw
    return [
        (
            f"facility import ({created:,} created, {matched:,} matched, {job.review_count:,} review)",
            import_rate,
            "rows/s",
        ),
        ("  baseline: raw Facility bulk_create of the same rows", raw_rate, "rows/s"),
        ("  import / raw insert", import_rate / raw_rate, "ratio"),
    ]
