"""Probabilistic record linkage (Fellegi-Sunter) for facility records.

Two records are compared field by field into a *comparison vector*: one agreement level per
field (name, unit numbers, address words, address numbers, distance). A field that one side
lacks is "null" and says nothing. For each field and level the model holds

- ``m``: the probability of that level when the two records are the same facility,
- ``u``: the probability of that level when they are not,

and a pair's **match weight** is the sum of ``log2(m / u)`` over its non-null fields: evidence in
bits, positive for "same", negative for "different". ``u`` is estimated from random pairs of
records in one country (almost all of them different facilities); ``m`` and the share of
matches among candidate pairs are estimated by expectation-maximisation over the candidate
pairs that blocking produces, with ``u`` held fixed (the procedure of Splink). Neither needs
labels: ``scripts/matching_estimate.py`` runs both on the registry's lists and writes
``linkage_model.json``; the thresholds in that file are chosen on the labelled training split
(docs/decisions/0017-facility-matching-model.md).

Everything here is plain Python (no numpy), so the model runs wherever the import runs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from wsr.registry.importing.normalise import (
    address_numbers,
    address_words,
    name_compact,
    name_words,
    product_words,
    unit_numbers,
)

MODEL_PATH = Path(__file__).with_name("linkage_model.json")

# field -> level labels (index 0 is "null": one side lacks the field). Levels go from strongest
# agreement to disagreement.
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("null", "same", "very close", "close", "some words shared", "different"),
    "unit": ("null", "same unit number", "one side only", "different unit numbers"),
    "address": ("null", "same", "very close", "close", "different"),
    "address_numbers": ("null", "same numbers", "some numbers shared", "no number shared"),
    "distance": ("null", "under 200 m", "under 2 km", "under 20 km", "20 km or more"),
}
FIELD_NAMES = tuple(FIELDS)
PLACE_FIELDS = frozenset({"address", "address_numbers", "distance"})
NAME_LEVELS = (100.0, 92.0, 80.0, 60.0)
ADDRESS_LEVELS = (97.0, 85.0, 65.0)
DISTANCE_LEVELS_KM = (0.2, 2.0, 20.0)
WORD_MATCH_MIN = 80  # two words count as one word with a typo from this ratio up


@dataclass(eq=False)
class Record:
    """A facility as the matcher compares it (the comparison forms are computed once)."""

    country: str
    name: str
    address: str
    lat: float | None = None
    lng: float | None = None
    os_id: str = ""
    ref: Any = None  # what the caller wants back (a Facility, a row id ...)

    @cached_property
    def words(self) -> tuple[str, ...]:
        return name_words(self.name)

    @cached_property
    def units(self) -> frozenset[str]:
        return unit_numbers(self.words)

    @cached_property
    def plain_words(self) -> tuple[str, ...]:
        return tuple(w for w in self.words if not any(ch.isdigit() for ch in w))

    @cached_property
    def joined(self) -> str:
        return "".join(self.plain_words)

    @cached_property
    def products(self) -> frozenset[str]:
        return product_words(self.name)

    @cached_property
    def compact(self) -> str:
        return name_compact(self.name)

    @cached_property
    def address_words(self) -> tuple[str, ...]:
        return address_words(self.address, self.country)

    @cached_property
    def address_set(self) -> frozenset[str]:
        return frozenset(self.address_words)

    @cached_property
    def address_text(self) -> str:
        return " ".join(self.address_words)

    @cached_property
    def address_numbers(self) -> frozenset[str]:
        return address_numbers(self.address)

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lng is not None


def _word_weight(token: str) -> int:
    return max(len(token), 4)


def _merge_split(words: list[str], other: list[str]) -> list[str]:
    """Join two neighbouring words written as one word in the other name ("Hua Sheng" /
    "Huasheng", "Dong Guan" / "Dongguan")."""
    if len(words) < 2:
        return words
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and words[i] not in other and words[i + 1] not in other:
            joined = words[i] + words[i + 1]
            near = [o for o in other if abs(len(o) - len(joined)) <= 2]
            if near and process.extractOne(joined, near, scorer=fuzz.ratio, score_cutoff=90) is not None:
                out.append(joined)
                i += 2
                continue
        out.append(words[i])
        i += 1
    return out


def name_similarity(a: Record, b: Record) -> float:
    """0-100: informative words paired with their closest counterpart (typos tolerated); a word
    one name lacks counts against, unless it is in the other record's address ("Jung Myung
    Textile (Shaowu)" against "Jung Myung Textile", in Shaowu). Spacing is ignored ("BAI NA" /
    "BAINA")."""
    left = [w for w in a.plain_words if w in b.plain_words or w not in b.address_set]
    right = [w for w in b.plain_words if w in a.plain_words or w not in a.address_set]
    left, right = _merge_split(left, right), _merge_split(right, left)
    if not left or not right:
        if a.joined and a.joined == b.joined:
            return 100.0
        compact = fuzz.ratio(a.compact, b.compact)
        return compact if compact >= 90 else 0.0
    if "".join(left) == "".join(right):
        return 100.0
    total = sum(map(_word_weight, left)) + sum(map(_word_weight, right))
    unused = list(right)
    matched = 0.0
    matched_count = 0
    for token in left:
        best, best_i = 0.0, -1
        for i, other in enumerate(unused):
            ratio = 100.0 if token == other else fuzz.ratio(token, other)
            if ratio > best:
                best, best_i = ratio, i
        if best >= WORD_MATCH_MIN:
            matched += (_word_weight(token) + _word_weight(unused[best_i])) * best / 100
            matched_count += 1
            unused.pop(best_i)
    by_words = 100 * matched / total
    joined = max(fuzz.ratio("".join(left), "".join(right)), fuzz.ratio(a.compact, b.compact))
    similarity = max(by_words, joined) if joined >= 90 else by_words
    if (unused or matched_count < len(left)) and joined < 97:
        # A whole word without counterpart is not a typo: never "very close" ("Easy On" / "Fort On").
        similarity = min(similarity, NAME_LEVELS[1] - 1)
    return similarity


def _level(value: float, cuts: Sequence[float]) -> int:
    for i, cut in enumerate(cuts):
        if value >= cut:
            return i + 1
    return len(cuts) + 1


def distance_km(a: Record, b: Record) -> float:
    assert a.lat is not None and a.lng is not None and b.lat is not None and b.lng is not None
    lat1, lng1, lat2, lng2 = map(math.radians, (a.lat, a.lng, b.lat, b.lng))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def name_level(a: Record, b: Record) -> int:
    level = _level(name_similarity(a, b), NAME_LEVELS)
    if a.products and b.products and not a.products & b.products:
        level = max(level, 3)  # "AKH Garments" / "AKH Textiles": close, never the same name
    return level


def compare(a: Record, b: Record, name: int = 0) -> tuple[int, ...]:
    """The comparison vector of two records (one level per field of ``FIELDS``); ``name``: the
    name level when the caller computed it already."""
    name = name or name_level(a, b)
    unit = (1 if a.units == b.units else 3) if a.units and b.units else (2 if a.units or b.units else 0)
    if len(a.address_words) >= 2 and len(b.address_words) >= 2:
        # token-set is lenient with a list that shortens the address; token-sort keeps some weight
        # on the parts the two do not share.
        left = " ".join(_merge_split(list(a.address_words), list(b.address_words)))
        right = " ".join(_merge_split(list(b.address_words), list(a.address_words)))
        set_ratio = fuzz.token_set_ratio(left, right)
        similarity = (2 * set_ratio + fuzz.token_sort_ratio(left, right)) / 3
        address = _level(similarity, ADDRESS_LEVELS)
    else:
        address = 0
    if a.address_numbers and b.address_numbers:
        shared = a.address_numbers & b.address_numbers
        numbers = 1 if a.address_numbers == b.address_numbers else (2 if shared else 3)
    else:
        numbers = 0
    distance = _level(-distance_km(a, b), [-cut for cut in DISTANCE_LEVELS_KM]) if a.has_point and b.has_point else 0
    return (name, unit, address, numbers, distance)


@dataclass
class Model:
    """m and u per field and level, the prior share of matches, and the decision thresholds."""

    m: dict[str, list[float]]
    u: dict[str, list[float]]
    prior: float = 0.01
    auto_weight: float = 20.0  # at or above: the same facility, linked without asking
    review_weight: float = 0.0  # from here up to auto_weight: a person decides
    review_weight_same_name: float = 99.0  # ... and from here when the cleaned names agree
    notes: dict[str, Any] = field(default_factory=dict)
    _cache: dict[tuple[str, int, float, float], float] = field(default_factory=dict, repr=False, compare=False)

    def level_weight(self, name: str, level: int) -> float:
        """log2(m/u), made monotone: a level never weighs less than a weaker level of the same
        field (sparse levels can otherwise come out in the wrong order)."""
        if level == 0:
            return 0.0
        key = (name, level, self.m[name][level], self.u[name][level])
        cached = self._cache.get(key)
        if cached is None:
            levels = range(level, len(self.m[name]))
            cached = self._cache[key] = max(math.log2(self.m[name][i] / self.u[name][i]) for i in levels)
        return cached

    def name_level_can_matter(self, level: int) -> bool:
        """Whether a pair with this name level could reach review with the best evidence from
        every other field (if not, the rest of the comparison is not worth computing)."""
        best_rest = max(self.level_weight("unit", 1), 0.0) + max(self.level_weight(f, 1) for f in PLACE_FIELDS)
        floor = min(self.review_weight, self.review_weight_same_name if level == 1 else self.review_weight)
        return self.level_weight("name", level) + best_rest >= floor

    def could_be_auto(self, vector: Sequence[int]) -> bool:
        """An automatic link needs two strong pieces of evidence: names that agree once cleaned,
        or names one typo apart together with the same address, numbers or point; and never
        different unit numbers."""
        name, unit, address, numbers, distance = vector
        if unit == 3:
            return False
        return name == 1 or (name == 2 and 1 in (address, numbers, distance))

    def weight(self, vector: Sequence[int]) -> float:
        """Name and unit evidence add up; the place fields (address words, address numbers,
        distance) all witness one fact, "these two are at the same place", and are far from
        independent (a geocoded address gives both a point and words), so of them only the
        strongest evidence for and the strongest against count. Without this, two factories in
        one building would collect the same place three times over."""
        total = 0.0
        place: list[float] = []
        for name, level in zip(FIELD_NAMES, vector, strict=True):
            if not level:
                continue
            if name in PLACE_FIELDS:
                place.append(self.level_weight(name, level))
            else:
                total += self.level_weight(name, level)
        if place:
            total += max(0.0, max(place)) + min(0.0, min(place))
        return total

    def probability(self, weight: float) -> float:
        odds = self.prior / (1 - self.prior) * 2.0**weight
        return odds / (1 + odds)

    def decide(self, vector: Sequence[int]) -> tuple[str, float]:
        """("auto" | "review" | "none", weight)."""
        weight = self.weight(vector)
        if vector[1] == 3:
            # Different unit numbers ("Unit 3" / "Unit 4", "Saitex 2" / "Saitex 5") name different
            # facilities of one company: a rule, not evidence to weigh (the same facility does not
            # change its unit number, however rare such pairs are among training pairs).
            return "none", weight
        if weight >= self.auto_weight and self.could_be_auto(vector):
            return "auto", weight
        if weight >= self.review_weight:
            return "review", weight
        # Names that agree once cleaned are, alone, strong evidence (p > 0.99 among candidates):
        # a person looks unless the place speaks clearly against it (more than one contrary field).
        if vector[0] == 1 and vector[1] != 3 and weight >= self.review_weight_same_name:
            return "review", weight
        return "none", weight

    def explain(self, vector: Sequence[int]) -> list[tuple[str, str, float]]:
        """(field, level label, weight in bits) for every non-null field, strongest first."""
        reasons = [
            (name, FIELDS[name][level], self.level_weight(name, level))
            for name, level in zip(FIELD_NAMES, vector, strict=True)
            if level
        ]
        return sorted(reasons, key=lambda r: -abs(r[2]))

    def to_json(self) -> dict[str, Any]:
        return {
            "fields": {name: list(levels) for name, levels in FIELDS.items()},
            "m": self.m,
            "u": self.u,
            "prior": self.prior,
            "auto_weight": self.auto_weight,
            "review_weight": self.review_weight,
            "review_weight_same_name": self.review_weight_same_name,
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        return cls(
            m={k: list(v) for k, v in data["m"].items()},
            u={k: list(v) for k, v in data["u"].items()},
            prior=data["prior"],
            auto_weight=data["auto_weight"],
            review_weight=data["review_weight"],
            review_weight_same_name=data.get("review_weight_same_name", 99.0),
            notes=data.get("notes", {}),
        )


_MODEL: Model | None = None


def model_load(path: Path = MODEL_PATH) -> Model:
    global _MODEL
    if path == MODEL_PATH and _MODEL is not None:
        return _MODEL
    model = Model.from_json(json.loads(path.read_text(encoding="utf-8")))
    if path == MODEL_PATH:
        _MODEL = model
    return model


# --- Estimation (no labels) --------------------------------------------------------------------


def _frequencies(vectors: Iterable[Sequence[int]], smoothing: float = 0.5) -> dict[str, list[float]]:
    counts = {name: [0.0] * len(levels) for name, levels in FIELDS.items()}
    for vector in vectors:
        for name, level in zip(FIELD_NAMES, vector, strict=True):
            counts[name][level] += 1
    out: dict[str, list[float]] = {}
    for name, row in counts.items():
        total = sum(row[1:]) + smoothing * (len(row) - 1)
        out[name] = [0.0] + [(c + smoothing) / total for c in row[1:]]
    return out


def estimate_u(random_pairs: Iterable[Sequence[int]]) -> dict[str, list[float]]:
    """u: level frequencies among random same-country pairs (nearly all different facilities)."""
    return _frequencies(random_pairs)


def initial_m() -> dict[str, list[float]]:
    """A neutral start for EM: agreement likelier than disagreement, nothing more."""
    m: dict[str, list[float]] = {}
    for name, levels in FIELDS.items():
        n = len(levels) - 1
        raw = [2.0 ** (n - i) for i in range(n)]
        total = sum(raw)
        m[name] = [0.0] + [r / total for r in raw]
    return m


def estimate_m(
    candidate_pairs: Sequence[Sequence[int]],
    u: dict[str, list[float]],
    *,
    prior: float = 0.1,
    iterations: int = 50,
    smoothing: float = 0.5,
    ignore: frozenset[str] = frozenset(),
) -> tuple[dict[str, list[float]], float]:
    """Expectation-maximisation of m and the match share over candidate pairs, u held fixed.

    Fields in ``ignore`` are treated as null: the pairs were chosen for agreeing on them (the
    blocking rule of this session), so their levels carry no information here and their m is not
    estimated (it keeps its starting value)."""
    m = initial_m()
    distinct: dict[tuple[int, ...], int] = {}
    for vector in candidate_pairs:
        key = tuple(0 if name in ignore else level for name, level in zip(FIELD_NAMES, vector, strict=True))
        distinct[key] = distinct.get(key, 0) + 1
    for _ in range(iterations):
        model = Model(m=m, u=u, prior=prior)
        expected = {name: [0.0] * len(levels) for name, levels in FIELDS.items()}
        total_p = 0.0
        for vector, count in distinct.items():
            p = model.probability(model.weight(vector)) * count
            total_p += p
            for name, level in zip(FIELD_NAMES, vector, strict=True):
                expected[name][level] += p
        prior = min(0.99, max(1e-4, total_p / len(candidate_pairs)))
        new_m: dict[str, list[float]] = {}
        for name, row in expected.items():
            total = sum(row[1:]) + smoothing * (len(row) - 1)
            new_m[name] = [0.0] + [(c + smoothing) / total for c in row[1:]]
        m = new_m
    return m, prior
