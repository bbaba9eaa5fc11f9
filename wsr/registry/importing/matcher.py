"""Finding the facility a list row describes: OS ID first, then the exact key, then a
probabilistic comparison (``linkage``) against a small set of candidates in the same country.

The index lives in memory for the length of one import. Candidates are found by *blocking*: a row
is compared only with facilities of its country that share one of its rarest informative name
words (transliterated, legal forms removed), its informative words written without spaces
("BAI NA" / "BAINA"), or a ~1 km grid cell when both have coordinates. A word or cell
shared by more than ``BLOCK_MAX`` facilities is not informative and is skipped, so a 10,000-row
list against a million facilities costs a few dozen comparisons per row, not a million.

Each candidate's comparison vector gets a Fellegi-Sunter match weight (bits of evidence); the
model's thresholds (``linkage_model.json``, chosen on the labelled training pairs, see
docs/decisions/0017-facility-matching-model.md) say which weights link automatically, which go
to a person, which start a new facility. Rows keep the score (the match probability in percent)
and the reasons (each field's level and weight) for the review page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from wsr.registry.importing.linkage import Model, Record, compare, model_load, name_level

BLOCK_WORDS = 3  # compare with facilities sharing one of the row's 3 rarest name words
BLOCK_MAX = 500  # a key shared by more facilities than this is not informative
PREFIX = 5  # letters of the space-less name, one more key ranked with the words ("BAI NA" / "BAYNA")
CANDIDATE_BUDGET = 100  # further name words are added while the candidates stay within this
# A cheap first pass (rapidfuzz's token-set ratio of the informative name words, in C) drops
# candidates whose names cannot reach the review band before the full comparison: a pair below
# it has the "different" name level, whose weight no place evidence outweighs.
PREFILTER_MIN = 50
GRID = 100  # coordinates rounded to 1/GRID degree (about 1 km) as one more blocking key


def blocking_keys(record: Record) -> list[tuple[str, str]]:
    """The keys a record is filed under (country-scoped): its words, name prefix, grid cell."""
    keys = [(record.country, "w:" + w) for w in dict.fromkeys(record.plain_words)]
    if len(record.joined) >= 4:
        keys.append((record.country, "j:" + record.joined))
        keys.append((record.country, "w:" + record.joined[:PREFIX] + "…"))  # ranked like a word
    if record.has_point:
        assert record.lat is not None and record.lng is not None
        keys.append((record.country, f"g:{round(record.lat * GRID)}:{round(record.lng * GRID)}"))
    return keys


def share_a_block(a: Record, b: Record) -> bool:
    if a.os_id and a.os_id == b.os_id:
        return True
    return a.country == b.country and bool(set(blocking_keys(a)) & set(blocking_keys(b)))


@dataclass(frozen=True)
class Match:
    record: Record
    score: int  # match probability, percent
    decision: str  # "auto" or "review"
    weight: float = 0.0
    reasons: tuple[tuple[str, str, float], ...] = ()
    exact: bool = False


def classify(model: Model, a: Record, b: Record) -> tuple[str, float, tuple[int, ...]]:
    """("auto" | "review" | "none", weight, vector) for one pair, blocking included."""
    if a.os_id and a.os_id == b.os_id:
        return "auto", 99.0, ()
    if not share_a_block(a, b):
        return "none", -99.0, ()
    vector = compare(a, b)
    decision, weight = model.decide(vector)
    return decision, weight, vector


@dataclass
class CandidateIndex:
    """Facilities by OS ID, exact key and blocking key; grows as an import creates rows."""

    model: Model = field(default_factory=model_load)
    by_os_id: dict[str, Record] = field(default_factory=dict)
    by_key: dict[str, Record] = field(default_factory=dict)
    by_block: dict[tuple[str, str], list[Record]] = field(default_factory=lambda: defaultdict(list))

    def add(self, record: Record, key: str = "") -> None:
        if record.os_id:
            self.by_os_id.setdefault(record.os_id, record)
        if key:
            self.by_key.setdefault(key, record)
        for block in blocking_keys(record):
            self.by_block[block].append(record)

    def extend(self, records: Iterable[tuple[Record, str]]) -> None:
        for record, key in records:
            self.add(record, key)

    def candidates(self, record: Record) -> list[Record]:
        """Facilities sharing the row's rarest name word, then its next rarest words while the
        candidates stay within ``CANDIDATE_BUDGET`` (a common word adds little but cost), plus
        those sharing its space-less name or its grid cell."""
        keys = blocking_keys(record)
        words = sorted((k for k in keys if k[1].startswith("w:")), key=lambda k: len(self.by_block.get(k, ())))
        seen: dict[int, Record] = {}
        for i, key in enumerate(words[:BLOCK_WORDS]):
            block = self.by_block.get(key, ())
            if len(block) > BLOCK_MAX or (i and len(seen) + len(block) > CANDIDATE_BUDGET):
                break
            for candidate in block:
                seen.setdefault(id(candidate), candidate)
        for key in keys:
            if not key[1].startswith("w:") and len(self.by_block.get(key, ())) <= BLOCK_MAX:
                for candidate in self.by_block.get(key, ()):
                    seen.setdefault(id(candidate), candidate)
        return list(seen.values())

    def best(self, record: Record, key: str = "") -> Match | None:
        """The OS ID or exact match, else the candidate with the highest weight at or above the
        review threshold (automatic when the model says so)."""
        if record.os_id and record.os_id in self.by_os_id:
            return Match(self.by_os_id[record.os_id], 100, "auto", exact=True, reasons=(("os_id", "same", 0.0),))
        exact = self.by_key.get(key) if key else None
        if exact is not None and not (record.os_id and exact.os_id and record.os_id != exact.os_id):
            return Match(exact, 100, "auto", exact=True, reasons=(("exact", "same", 0.0),))
        best: tuple[float, str, Record, tuple[int, ...]] | None = None
        core = " ".join(record.plain_words)
        for candidate in self.candidates(record):
            if record.os_id and candidate.os_id and record.os_id != candidate.os_id:
                continue  # two different OS IDs are two different facilities
            names_apart = not fuzz.token_set_ratio(core, " ".join(candidate.plain_words), score_cutoff=PREFILTER_MIN)
            if names_apart and fuzz.ratio(record.compact, candidate.compact) < 90:
                continue
            level = name_level(record, candidate)
            if not self.model.name_level_can_matter(level):
                continue
            vector = compare(record, candidate, level)
            decision, weight = self.model.decide(vector)
            if decision == "none":
                continue
            rank = (decision == "auto", weight)
            if best is None or rank > (best[1] == "auto", best[0]):
                best = (weight, decision, candidate, vector)
        if best is None:
            return None
        weight, decision, candidate, vector = best
        score = round(100 * self.model.probability(weight))
        return Match(
            candidate,
            min(score, 99) if decision == "review" else score,
            decision,
            weight=weight,
            reasons=tuple(self.model.explain(vector)),
        )


def record_for(
    *, name: str, address: str, country: str, lat: Any = None, lng: Any = None, os_id: str = "", ref: Any = None
) -> Record:
    return Record(
        country=country,
        name=name,
        address=address,
        lat=float(lat) if lat not in (None, "") else None,
        lng=float(lng) if lng not in (None, "") else None,
        os_id=os_id or "",
        ref=ref,
    )
