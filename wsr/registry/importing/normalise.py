"""Comparison forms of facility names and addresses: the field's usual cleaning steps.

- **Transliteration** (``anyascii``): "Türkiye Tekstil A.Ş." and "Turkiye Tekstil A.S.", "深圳" and
  "ShenZhen", "ঢাকা" and "dhaka" compare in one alphabet. Display values are never changed.
- **Legal forms** (``cleanco``'s table of legal forms per country, 300+ terms): "Co., Ltd.",
  "Company Limited", "S.A. de C.V.", "SA DE CV", "Pvt. Ltd.", "Sdn. Bhd.", "PT", "Tbk", "JSC" ...
  are removed from the end of a name (and "PT"/"CV" from its start). Runs of single letters are
  joined first ("S. A. de C. V." -> "sa de cv"), so dotted and undotted spellings agree.
- **Generic words** (``wsr.registry.matching.GENERIC_NAME_WORDS``): words that say what kind of
  business a facility is ("garment", "textile", "factory") but not which one.
- **Unit numbers** ("Unit 3", "Saitex 2", "Semarang II", "BR-2"): a difference means a different
  facility, not a typo.
- **Addresses**: street-type abbreviations expanded to one form ("Rd." / "Road", "St" / "Street",
  "Jl." / "Jalan", "Carr." / "Carretera", "Ind." / "Industrial"), the country's own name and
  filler words dropped; the numbers in an address (house, lot, kilometre, postcode) are kept apart
  as a second, independent piece of evidence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from cleanco.clean import prepare_default_terms

from wsr.registry.matching import GENERIC_NAME_WORDS, clean_text

_ROMAN = {
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
}
_UNIT_WORDS = frozenset({"unit", "plant", "branch", "br", "no", "factory", "fty", "site", "phase", "building", "bldg"})


def _legal_terms() -> frozenset[tuple[str, ...]]:
    terms = {tuple(words) for _, words in prepare_default_terms()}
    terms |= {
        ("co", "ltd"),
        ("company", "limited"),
        ("limited", "company"),
        ("joint", "stock", "company"),
        ("joint", "stock"),
        ("jsc",),
        ("jointstock", "company"),
        ("jointstock",),
        ("tbk",),
        ("pvt",),
        ("private", "limited"),
        ("sdn",),
        ("sti",),
        ("san", "ve", "tic"),
        ("san", "tic"),
        ("tic",),
        ("de", "cv"),
        ("de", "rl"),
        ("s", "de", "rl", "de", "cv"),
        ("as",),
        ("fze",),
        ("fzco",),
        ("llc",),
        ("ltda",),
        ("cia",),
        ("rl",),
    }
    return frozenset(tuple(t for t in term if t not in "&") for term in terms if term)


LEGAL_TERMS = _legal_terms()
_LONGEST_TERM = max(len(t) for t in LEGAL_TERMS)
_LEADING_FORMS = frozenset({"pt", "cv", "ud", "m/s", "ms"})


def ascii_clean(value: str) -> str:
    """Transliterated, case-folded, punctuation to spaces (``clean_text`` after ``anyascii``)."""
    return clean_text(anyascii(clean_text(value)))


def _join_single_letters(tokens: list[str]) -> list[str]:
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            out.append("".join(run))
            run = []
        if token:
            out.append(token)
    return out


def _strip_legal(tokens: list[str]) -> list[str]:
    changed = True
    while changed and tokens:
        changed = False
        for size in range(min(_LONGEST_TERM, len(tokens)), 0, -1):
            if tuple(tokens[-size:]) in LEGAL_TERMS and len(tokens) > size:
                tokens = tokens[:-size]
                changed = True
                break
        if len(tokens) > 1 and tokens[0] in _LEADING_FORMS:
            tokens = tokens[1:]
            changed = True
    return tokens


@lru_cache(maxsize=200_000)
def name_compact(name: str) -> str:
    """The whole name without legal form or spaces, generic words kept ("JNB Trading" and
    "JNBTrading" agree here although "trading" is generic)."""
    tokens = _strip_legal(_join_single_letters(ascii_clean(name).split()))
    return "".join(t for t in tokens if not any(ch.isdigit() for ch in t))


@lru_cache(maxsize=200_000)
def name_words(name: str) -> tuple[str, ...]:
    """The informative words of a name: transliterated, legal forms and generic words removed."""
    tokens = _join_single_letters(ascii_clean(name).split())
    tokens = _strip_legal(tokens)
    kept = tuple(t for t in tokens if t not in GENERIC_NAME_WORDS and t not in _UNIT_WORDS)
    return kept or tuple(tokens)


# Generic words that still say what a facility makes: "AKH Garments" and "AKH Textiles" at one
# address may be two units of one group, so names differing only here are never "the same".
_PRODUCT_WORDS = {
    **dict.fromkeys(("garment", "garments", "apparel", "apparels", "clothing", "clothes", "wear"), "garment"),
    **dict.fromkeys(("textile", "textiles", "textil", "tekstil"), "textile"),
}


@lru_cache(maxsize=200_000)
def product_words(name: str) -> frozenset[str]:
    tokens = _strip_legal(_join_single_letters(ascii_clean(name).split()))
    return frozenset(_PRODUCT_WORDS[t] for t in tokens if t in _PRODUCT_WORDS)


def unit_numbers(words: tuple[str, ...]) -> frozenset[str]:
    """Numbers that name a unit: digits in a name word, or a Roman numeral after the first word."""
    found = set()
    for i, token in enumerate(words):
        digits = "".join(ch for ch in token if ch.isdigit())
        if digits:
            found.add(digits.lstrip("0") or "0")
        elif i > 0 and token in _ROMAN and token not in ("i", "v", "x"):
            found.add(_ROMAN[token])
    return frozenset(found)


# Street types and common address words, to one spelling (the long form).
ADDRESS_ABBREVIATIONS = {
    "rd": "road",
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "avda": "avenida",
    "blvd": "boulevard",
    "hwy": "highway",
    "ln": "lane",
    "dr": "drive",
    "pkwy": "parkway",
    "sq": "square",
    "jl": "jalan",
    "jln": "jalan",
    "carr": "carretera",
    "ctra": "carretera",
    "ind": "industrial",
    "indl": "industrial",
    "industry": "industrial",
    "estate": "estate",
    "dist": "district",
    "distt": "district",
    "bldg": "building",
    "blk": "block",
    "fl": "floor",
    "flr": "floor",
    "vill": "village",
    "vlg": "village",
    "twp": "township",
    "prov": "province",
    "zn": "zone",
    "kab": "kabupaten",
    "kec": "kecamatan",
    "ds": "desa",
    "mh": "mahallesi",
    "mah": "mahallesi",
    "cd": "caddesi",
    "cad": "caddesi",
    "sk": "sokak",
    "sok": "sokak",
    "col": "colonia",
    "km": "km",
    "kilometro": "km",
    "kilometer": "km",
    "kilometre": "km",
}
_ADDRESS_FILLER = frozenset(
    {"no", "nr", "num", "number", "of", "the", "de", "del", "la", "el", "a", "and", "p", "o", "po"}
)


@lru_cache(maxsize=4096)
def _country_words(country: str) -> frozenset[str]:
    import pycountry

    found = pycountry.countries.get(alpha_2=country.upper()) if len(country) == 2 else None
    words = {country.casefold()}
    if found is not None:
        for attr in ("name", "official_name", "common_name", "alpha_3"):
            words |= set(ascii_clean(getattr(found, attr, "") or "").split())
    if country.upper() == "VN":
        words |= {"vietnam", "viet", "nam"}
    if country.upper() == "US":
        words |= {"usa"}
    return frozenset(words)


@lru_cache(maxsize=200_000)
def address_words(address: str, country: str = "") -> tuple[str, ...]:
    """Address words in one spelling, without numbers, filler words or the country's name."""
    spaced = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", ascii_clean(address))
    drop = _ADDRESS_FILLER | (_country_words(country) if country else frozenset())
    words = []
    for token in spaced.split():
        if token.isdigit():
            continue
        token = ADDRESS_ABBREVIATIONS.get(token, token)
        if token not in drop and len(token) > 1:
            words.append(token)
    return tuple(words)


@lru_cache(maxsize=200_000)
def address_numbers(address: str) -> frozenset[str]:
    """The numbers written in an address (house, lot, kilometre, postcode), leading zeros dropped."""
    return frozenset(n.lstrip("0") or "0" for n in re.findall(r"\d+", anyascii(address or "")))
