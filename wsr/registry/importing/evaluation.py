"""Measuring a matcher on labelled pairs (tests/data/matching/pairs.csv, built by
scripts/matching_pairs_build.py), next to the naive baseline.

For each pair a matcher answers "auto" (link without asking), "review" (a person decides) or
"none" (a new facility). Figures, as the goal states them:

- **recall**: same-facility pairs found, automatically or through review;
- **false automatic merges**: different facilities linked without asking;
- **review share**: different-facility pairs sent to a person;
- **precision** (automatic): of the pairs linked without asking, the share that are the same.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, utils

from wsr.registry.importing.linkage import Model, Record, model_load
from wsr.registry.importing.matcher import classify, record_for


@dataclass(frozen=True)
class LabelledPair:
    pair: str
    split: str
    same: bool
    kind: str
    a: Record
    b: Record


def pairs_load(path: Path) -> list[LabelledPair]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        a, b = (
            record_for(
                name=row[f"{s}_name"],
                address=row[f"{s}_address"],
                country=row[f"{s}_country"],
                lat=row[f"{s}_lat"],
                lng=row[f"{s}_lng"],
            )
            for s in "ab"
        )
        out.append(LabelledPair(row["pair"], row["split"], row["label"] == "same", row["kind"], a, b))
    return out


def baseline_decide(a: Record, b: Record) -> str:
    """rapidfuzz token-set ratio, name 0.6 + address 0.4, same country, auto >= 95, review >= 65."""
    if a.country != b.country:
        return "none"
    name = fuzz.token_set_ratio(a.name, b.name, processor=utils.default_process)
    address = fuzz.token_set_ratio(a.address, b.address, processor=utils.default_process)
    score = 0.6 * name + 0.4 * address
    return "auto" if score >= 95 else ("review" if score >= 65 else "none")


def model_decider(model: Model | None = None) -> Callable[[Record, Record], str]:
    model = model or model_load()

    def decide(a: Record, b: Record) -> str:
        return classify(model, a, b)[0]

    return decide


@dataclass(frozen=True)
class Figures:
    same: int
    different: int
    found: int  # same pairs sent to auto or review
    auto_same: int
    auto_different: int  # false automatic merges
    review_different: int

    @property
    def recall(self) -> float:
        return self.found / self.same if self.same else 1.0

    @property
    def precision(self) -> float:
        auto = self.auto_same + self.auto_different
        return self.auto_same / auto if auto else 1.0

    @property
    def review_share(self) -> float:
        return self.review_different / self.different if self.different else 0.0


def evaluate(pairs: Iterable[LabelledPair], decide: Callable[[Record, Record], str]) -> Figures:
    same = different = found = auto_same = auto_different = review_different = 0
    for pair in pairs:
        decision = decide(pair.a, pair.b)
        if pair.same:
            same += 1
            found += decision in ("auto", "review")
            auto_same += decision == "auto"
        else:
            different += 1
            auto_different += decision == "auto"
            review_different += decision == "review"
    return Figures(same, different, found, auto_same, auto_different, review_different)
