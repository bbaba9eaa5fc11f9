"""Estimate the facility-matching model and choose its thresholds; writes
wsr/registry/importing/linkage_model.json.

1. u (per field and level): frequencies among random same-country pairs of records (seeded).
2. m and the match share: expectation-maximisation over the candidate pairs that blocking
   produces, u fixed. No labels are used in 1 and 2.
3. Thresholds, from the labelled **training** split of tests/data/matching/pairs.csv only (the
   test split is never read here):
   - automatic link: above the highest weight of any training pair of different facilities that
     could be automatic, plus a margin of ``AUTO_MARGIN`` bits, and never below a match
     probability of ``AUTO_PROBABILITY``;
   - review: the lowest weight that keeps the share of training pairs of different facilities
     sent to a person within ``REVIEW_BUDGET`` (half the goal's 20%, a margin for lists unlike
     ours): the most recall that budget buys; and, when the cleaned names agree, from the name's
     own weight less one contrary address field (a same-named facility is always worth a look
     unless two place fields speak against it).

Deterministic: the same inputs give the same file. Usage:
    .venv/bin/python scripts/matching_estimate.py
"""

from __future__ import annotations

import csv
import json
import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wsr.registry.importing.evaluation import evaluate, model_decider, pairs_load  # noqa: E402
from wsr.registry.importing.linkage import MODEL_PATH, Model, _frequencies, compare, estimate_m, estimate_u  # noqa: E402
from wsr.registry.importing.matcher import CandidateIndex, classify, record_for  # noqa: E402
from wsr.registry.matching import normalise_country  # noqa: E402

LISTS = ROOT / "tests" / "data" / "facility-lists"
PAIRS = ROOT / "tests" / "data" / "matching" / "pairs.csv"
SEED = 13
RANDOM_PAIRS = 40_000
AUTO_MARGIN = 2.0
REVIEW_BUDGET = 0.10
AUTO_PROBABILITY = 0.999


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def list_records() -> list:
    records = []
    for path in sorted(LISTS.glob("brand-list-*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for raw in csv.DictReader(fh):
                country = normalise_country(raw["country"] or "")
                if country and raw["name"].strip() and raw["address"].strip():
                    records.append(
                        record_for(
                            name=raw["name"], address=raw["address"], country=country, lat=raw["lat"], lng=raw["lng"]
                        )
                    )
    return records


def main() -> int:
    rng = random.Random(SEED)
    pairs = pairs_load(PAIRS)
    train = [p for p in pairs if p.split == "train"]
    records = list_records() + [p.b for p in train]

    by_country: dict[str, list] = {}
    for r in records:
        by_country.setdefault(r.country, []).append(r)
    countries = [c for c, rs in by_country.items() if len(rs) >= 2]
    weights = [len(by_country[c]) ** 2 for c in countries]
    random_vectors = []
    for _ in range(RANDOM_PAIRS):
        country = rng.choices(countries, weights)[0]
        a, b = rng.sample(by_country[country], 2)
        random_vectors.append(compare(a, b))
    u = estimate_u(random_vectors)

    placeholder = Model(m=u, u=u)
    index = CandidateIndex(model=placeholder)
    candidate_vectors = []
    for r in records:
        for c in index.candidates(r):
            candidate_vectors.append(compare(r, c))
        index.add(r)
    # Two EM sessions, as Splink trains: pairs blocked on agreeing names estimate the m of every
    # other field; pairs blocked on agreeing places (address or a point under 200 m) estimate the
    # m of the name fields. A field is never estimated from pairs chosen for agreeing on it.
    on_name = [v for v in candidate_vectors if v[0] == 1]
    m_place, _ = estimate_m(on_name, u, ignore=frozenset({"name"}))
    # The mirror session (pairs blocked on place, m of the name) does not separate matches from
    # different factories sharing a building or a geocoded town centre: those agree on every place
    # field at once (the fields are not independent there), and EM takes them for matches. The
    # name and unit m therefore come from the labelled training pairs of the same facility (with
    # add-one smoothing); everything else stays unsupervised.
    same_train = [compare(p.a, p.b) for p in train if p.same]
    m_name = _frequencies(same_train, smoothing=1.0)
    m = {**m_place, "name": m_name["name"], "unit": m_name["unit"]}
    _, prior = estimate_m(candidate_vectors, u)  # only for the match share among candidates
    model = Model(m=m, u=u, prior=prior, auto_weight=0.0, review_weight=0.0)

    scored = []
    for p in train:
        _, weight, vector = classify(model, p.a, p.b)
        could_be_auto = bool(vector) and model.could_be_auto(vector)
        scored.append((p, weight, could_be_auto))
    negatives = [w for p, w, ok in scored if not p.same and ok]
    # ... and never below the weight at which the match probability reaches AUTO_PROBABILITY.
    floor = math.log2(AUTO_PROBABILITY / (1 - AUTO_PROBABILITY) * (1 - prior) / prior)
    model.auto_weight = round(max(max(negatives, default=0.0) + AUTO_MARGIN, floor), 2)
    # Review from the lowest weight that keeps the share of different-facility pairs sent to a
    # person within REVIEW_BUDGET: the most recall the budget buys.
    different = sorted((w for p, w, _ in scored if not p.same), reverse=True)
    allowed = int(REVIEW_BUDGET * len(different))
    model.review_weight = round(different[allowed] + 0.01, 2) if allowed < len(different) else -99.0
    # Same cleaned name: the name's own weight less one contrary place field at its strongest.
    name_weight = model.level_weight("name", 1)
    strongest_against = min(model.level_weight(f, len(model.m[f]) - 1) for f in ("address", "address_numbers"))
    model.review_weight_same_name = round(name_weight + strongest_against - 0.01, 2)
    figures = evaluate(train, model_decider(model))
    model.notes = {
        "built_by": "scripts/matching_estimate.py",
        "random_pairs": RANDOM_PAIRS,
        "candidate_pairs": len(candidate_vectors),
        "records": len(records),
        "estimated_match_share_among_candidates": round(prior, 4),
        "auto_margin_bits": AUTO_MARGIN,
        "review_budget_train": REVIEW_BUDGET,
        "train": {
            "recall": round(figures.recall, 4),
            "false_auto": figures.auto_different,
            "review_share": round(figures.review_share, 4),
            "precision": round(figures.precision, 4),
        },
    }
    data = model.to_json()
    for table in ("m", "u"):
        data[table] = {k: [round(x, 6) for x in v] for k, v in data[table].items()}
    MODEL_PATH.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    say(f"{len(records)} records, {len(candidate_vectors)} candidate pairs, match share {prior:.3f}")
    for name in m:
        say(f"  {name:16} " + "  ".join(f"{m[name][i]:.3f}/{u[name][i]:.3f}" for i in range(1, len(m[name]))))
    say(f"auto >= {model.auto_weight} bits, review >= {model.review_weight} bits")
    say(f"review when the cleaned names agree >= {model.review_weight_same_name} bits")
    say(f"train: recall {figures.recall:.3f}, false auto {figures.auto_different}")
    say(f"train: review share {figures.review_share:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
