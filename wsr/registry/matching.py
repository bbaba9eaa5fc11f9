"""Cleaning and comparing facility names, addresses and countries.

``clean_text`` is what exact matching compares: Unicode NFKC, case-folded, punctuation and stray
symbols turned into spaces, whitespace collapsed. ``facility_match_key`` joins the cleaned name,
address and ISO country into the key stored on every facility.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

_SPACES = re.compile(r"\s+")

# Common spellings that pycountry's fuzzy search gets wrong or does not know.
_COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "u s a": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u k": "GB",
    "england": "GB",
    "great britain": "GB",
    "britain": "GB",
    "uae": "AE",
    "u a e": "AE",
    "emirates": "AE",
    "vietnam": "VN",
    "viet nam": "VN",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "taiwan": "TW",
    "turkey": "TR",
    "turkiye": "TR",
    "türkiye": "TR",
    "russia": "RU",
    "iran": "IR",
    "laos": "LA",
    "syria": "SY",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "czech republic": "CZ",
    "macedonia": "MK",
    "ivory coast": "CI",
    "cote d ivoire": "CI",
    "burma": "MM",
    "hong kong": "HK",
    "macau": "MO",
    "palestine": "PS",
    "vatican": "VA",
    "swaziland": "SZ",
    "cape verde": "CV",
}


def clean_text(value: str) -> str:
    text = unicodedata.normalize("NFKC", value or "").casefold()
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LN":
            out.append(ch)
        elif cat[0] == "M":
            continue  # combining marks stay out of the key
        else:
            out.append(" ")
    return _SPACES.sub(" ", "".join(out)).strip()


def tidy_text(value: str) -> str:
    """Display form: NFC, control and private-use characters dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFC", value or "")
    kept = [ch if unicodedata.category(ch)[0] != "C" else " " for ch in text if ch not in "\ufffd□"]
    return _SPACES.sub(" ", "".join(kept)).strip(" ,;")


@lru_cache(maxsize=4096)
def normalise_country(value: str) -> str | None:
    """Return the ISO 3166-1 alpha-2 code for a country name or code in any case, else None."""
    raw = tidy_text(value)
    if not raw:
        return None
    key = clean_text(raw)
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    if len(raw) in (2, 3) and raw.isalpha():
        found = (
            pycountry.countries.get(alpha_2=raw.upper())
            if len(raw) == 2
            else pycountry.countries.get(alpha_3=raw.upper())
        )
        if found is not None:
            return str(found.alpha_2)
    for country in pycountry.countries:
        names = {clean_text(getattr(country, attr, "") or "") for attr in ("name", "official_name", "common_name")}
        if key in names:
            return str(country.alpha_2)
    plain = _without_accents(key)  # "México", "Perú", "Côte d'Ivoire"
    if plain != key:
        return normalise_country(plain)
    return None


def _without_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def facility_match_key(name: str, address: str, country: str) -> str:
    return f"{clean_text(name)}|{clean_text(address)}|{country.upper()}"[:700]


# Words that say what kind of business a facility is, or its legal form, but not which one it is.
# They are left out when names are compared and when candidates are looked up, so that
# "Centro Textil S.A." and "Centro Textile" compare as "centro" and "centro".
GENERIC_NAME_WORDS = frozenset(
    [
        "a",
        "and",
        "at",
        "by",
        "de",
        "del",
        "des",
        "di",
        "do",
        "du",
        "for",
        "in",
        "no",
        "of",
        "on",
        "the",
        "y",
        "co",
        "company",
        "companies",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lp",
        "ltd",
        "ltda",
        "limited",
        "plc",
        "pvt",
        "pte",
        "private",
        "sa",
        "s",
        "sas",
        "sarl",
        "srl",
        "sl",
        "spa",
        "rl",
        "r",
        "l",
        "cv",
        "c",
        "v",
        "bv",
        "nv",
        "ag",
        "gmbh",
        "kg",
        "oy",
        "ab",
        "as",
        "jsc",
        "tbk",
        "pt",
        "cv",
        "sdn",
        "bhd",
        "pty",
        "fze",
        "fzco",
        "joint",
        "stock",
        "enterprise",
        "enterprises",
        "holding",
        "holdings",
        "factory",
        "factories",
        "fty",
        "manufactory",
        "manufacturing",
        "manufacturer",
        "manufacturers",
        "mfg",
        "mfr",
        "mill",
        "mills",
        "garment",
        "garments",
        "apparel",
        "apparels",
        "textile",
        "textiles",
        "textil",
        "tekstil",
        "clothing",
        "clothes",
        "wear",
        "industrial",
        "industries",
        "industry",
        "ind",
        "group",
        "international",
        "int",
        "intl",
        "trading",
    ]
)

_ROMAN_NUMERALS = {
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "xi": "11",
    "xii": "12",
}


def name_tokens(name: str) -> list[str]:
    """The informative words of a facility name, cleaned, in order (generic words dropped)."""
    return [t for t in clean_text(name).split() if t not in GENERIC_NAME_WORDS]


def is_unit_number(token: str) -> bool:
    return token in _ROMAN_NUMERALS or any(ch.isdigit() for ch in token)


def name_numbers(tokens: list[str]) -> frozenset[str]:
    """Unit numbers in a name ("Unit 3", "Saitex 2", "Semarang II", "No.2"): a difference here
    means a different facility, not a typo."""
    found = set()
    for token in tokens:
        digits = "".join(ch for ch in token if ch.isdigit())
        if digits:
            found.add(digits.lstrip("0") or "0")
        elif token in _ROMAN_NUMERALS:
            found.add(_ROMAN_NUMERALS[token])
    return frozenset(found)
