"""Finding the facility a list row describes: exact key first, then a fuzzy comparison against a
small set of candidates in the same country.

The index lives in memory for the length of one import. Candidates are found by *blocking* on
the informative words of the name (``name_tokens``: legal forms and words like "garment" or
"industrial" are left out): a row is compared only with facilities that share one of its rarest
name words, so a 100,000-row file costs a few dozen comparisons per row, not 100,000.

Scoring (0-100) combines

- the **name** similarity, word by word: each informative word is paired with its closest word
  in the other name (typos tolerated: "Eypllion"/"Epyllion", "Textil"/"Textile"); words the
  other name lacks pull the score down ("AKH Fashions" vs "AKH Shirts"), unless the word is in
  the other facility's address ("Jung Myung Textile (Shaowu)" vs "Jung Myung Textile", Shaowu
  City). Names written with or without spaces ("BAI NA" / "BAINA") compare equal. Unit numbers
  that differ ("Jeans Knit Unit 3" / "Unit 4", "Saitex 2" / "Saitex 5") mean different
  facilities whatever the rest says;
- the **address** similarity: the mean of rapidfuzz's token-set ratio (lenient when one list
  abbreviates the address) and token-sort ratio (strict about extra parts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from wsr.registry.matching import clean_text, facility_match_key, is_unit_number, name_numbers, name_tokens

# --- Calibration -------------------------------------------------------------------------------
# Calibrated on the seven real brand lists in shared/data/facility-lists (378 rows) by scoring
# every same-country pair and reading the ones above 60 (tests/registry/test_matching.py keeps
# the labelled pairs):
# - the same facility spelled differently across lists scores 85-100: "Industrias Merlet S. A.
#   de C.V." / "S.A. de C.V." 96, "Nantong Jackbeanie Headwear (&) Garment" 95, "Taizhou
#   Baolite Shoes" 93, "Centro Textil S.A." / "Centro Textile" 93, "Jung Myung Textile
#   (Shaowu)" 99, "Confecciones del Valle (S.A. de C.V.)" 92, "GFSI Southwest S DE Rl DE CV"
#   100, "Huai An Yuan Tong Headwear" (street number differs) 87;
# - different facilities of one group or one industrial park stay below 80: "AKH Fashions" /
#   "AKH Shirts" (same address) 62, "Pan Pacific" / "Kavery Sweaters" (same bazar) 68, "ES
#   Textiles" / "ES Sock" 73, "Gimmill Industrial" / "(Gimmill B)" 78, "Hanes Choloma Cutting"
#   at two addresses 79; units with different numbers are capped at 0.
# - in between (80-85) are pairs a person should look at: "Glory Industrial Semarang" /
#   "Semarang-Demak", "Epyllion Style" / "Eypllion Style" at two addresses, "Classic Fashion
#   Apparel Industry Unit II" / "Classic Fashion Apparel Industry Ltd."
AUTO_MATCH_SCORE = 90  # at or above: the same facility, linked without asking
REVIEW_SCORE = 80  # from here up to AUTO_MATCH_SCORE: "possible match", a person decides
NAME_WEIGHT = 0.7  # names decide; the address confirms (parks share addresses, lists abbreviate)
# An automatic match also needs the names themselves to agree this much: two factories in one
# building have near-identical addresses but different names.
AUTO_MATCH_MIN_NAME = 85
WORD_MATCH_MIN = 80  # two words count as the same word (typo) from this ratio up
BLOCK_WORDS = 2  # compare with facilities sharing one of the row's 2 rarest name words
BLOCK_MAX = 5000  # ignore a word shared by more facilities than this (not informative)
# A cheap first pass (rapidfuzz's token-set ratio of the informative words, in C) drops
# candidates that cannot reach the review band before the word-by-word comparison: every pair
# scoring >= REVIEW_SCORE has a name similarity >= 71, far above this.
PREFILTER_MIN = 50


@dataclass(eq=False)
class Entry:
    """A facility as the index sees it (an existing row or one this import is creating)."""

    country: str
    key: str
    tokens: tuple[str, ...]
    numbers: frozenset[str]
    address: str
    address_tokens: frozenset[str]
    core: str = ""  # the informative words joined by spaces (for the cheap first pass)
    facility: Any = None  # the Facility (saved or about to be)
    facility_id: int | None = None
    label: str = ""

    @classmethod
    def build(cls, *, name: str, address: str, country: str, **extra: Any) -> Entry:
        tokens = tuple(name_tokens(name) or clean_text(name).split())
        cleaned_address = clean_text(address)
        return cls(
            country=country,
            key=facility_match_key(name, address, country),
            tokens=tokens,
            numbers=name_numbers(list(tokens)),
            address=cleaned_address,
            address_tokens=frozenset(cleaned_address.split()),
            core=" ".join(tokens),
            **extra,
        )


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: int
    exact: bool = False


def _unexplained(tokens: tuple[str, ...], other: Entry) -> list[str]:
    """Words of one name, minus those missing from the other name but present in its address."""
    kept = []
    for token in tokens:
        if token in other.tokens or token not in other.address_tokens or token[0].isdigit():
            kept.append(token)
    return kept


@lru_cache(maxsize=65536)
def _weight(token: str) -> int:
    if is_unit_number(token):
        return 8  # "Indigo Workshop BR-2" against "Indigo Workshop": a unit number weighs a word
    return max(len(token), 4)  # "J M Footwear": short words still count


def name_similarity(a: Entry, b: Entry) -> float:
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return 0.0
    left, right = _unexplained(a.tokens, b), _unexplained(b.tokens, a)
    if not left or not right:
        return 100.0 if left == right else 0.0
    if "".join(left) == "".join(right):
        return 100.0
    total = sum(map(_weight, left)) + sum(map(_weight, right))
    unused = list(right)
    matched = 0.0
    for token in left:
        best, best_i = 0.0, -1
        for i, other in enumerate(unused):
            ratio = 100.0 if token == other else fuzz.ratio(token, other)
            if ratio > best:
                best, best_i = ratio, i
        if best >= WORD_MATCH_MIN:
            matched += (_weight(token) + _weight(unused[best_i])) * best / 100
            unused.pop(best_i)
    by_words = 100 * matched / total
    if a.numbers != b.numbers:
        return by_words
    joined = fuzz.ratio("".join(left), "".join(right))  # "BAI NA" / "BAINA", "DONG GUAN" / "DONGGUAN"
    return max(by_words, joined) if joined >= 90 else by_words


def address_similarity(a: Entry, b: Entry) -> float:
    if not a.address or not b.address:
        return 0.0
    return (fuzz.token_set_ratio(a.address, b.address) + fuzz.token_sort_ratio(a.address, b.address)) / 2


def score_pair(a: Entry, b: Entry) -> tuple[int, float]:
    """The combined score (0-100) and the name similarity."""
    name = name_similarity(a, b)
    if name == 0.0:
        return 0, 0.0
    score = round(NAME_WEIGHT * name + (1 - NAME_WEIGHT) * address_similarity(a, b))
    if a.numbers != b.numbers:
        # "Classic Fashion Unit II" against "Classic Fashion": maybe the same, never automatic.
        score = min(score, AUTO_MATCH_SCORE - 1)
    return score, name


@dataclass
class CandidateIndex:
    """Facilities by exact key and by (country, name word); grows as an import creates rows."""

    by_key: dict[str, Entry] = field(default_factory=dict)
    by_word: dict[tuple[str, str], list[Entry]] = field(default_factory=lambda: defaultdict(list))

    def add(self, entry: Entry) -> None:
        self.by_key.setdefault(entry.key, entry)
        for token in set(entry.tokens):
            self.by_word[(entry.country, token)].append(entry)

    def extend(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.add(entry)

    def candidates(self, entry: Entry) -> list[Entry]:
        # The row's rarest words, counting words no facility has yet: when they are new, the row
        # is a new facility (or has a typo in one of them, and the other rare word finds it).
        blocks = sorted((self.by_word.get((entry.country, token), []) for token in set(entry.tokens)), key=len)
        seen: dict[int, Entry] = {}
        for block in blocks[:BLOCK_WORDS]:
            if len(block) > BLOCK_MAX:
                continue
            for candidate in block:
                seen.setdefault(id(candidate), candidate)
        return list(seen.values())

    def best(self, entry: Entry) -> Match | None:
        """The exact match, else the best-scoring candidate at or above the review band."""
        exact = self.by_key.get(entry.key)
        if exact is not None:
            return Match(exact, 100, exact=True)
        best: Match | None = None
        best_name = 0.0
        for candidate in self.candidates(entry):
            if fuzz.token_set_ratio(entry.core, candidate.core, score_cutoff=PREFILTER_MIN) == 0:
                continue
            score, name = score_pair(entry, candidate)
            if score >= REVIEW_SCORE and (best is None or score > best.score):
                best, best_name = Match(candidate, score), name
        if best is not None and best.score >= AUTO_MATCH_SCORE and best_name < AUTO_MATCH_MIN_NAME:
            best = Match(best.entry, min(best.score, AUTO_MATCH_SCORE - 1))
        return best

    @staticmethod
    def is_automatic(match: Match) -> bool:
        return match.exact or match.score >= AUTO_MATCH_SCORE
