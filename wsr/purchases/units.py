"""Units a purchase may be reported in, and exact conversion between them. No floats, no Django.

Each unit has a dimension (mass, count, volume) and an exact factor to the dimension's base unit
(kilogram, piece, litre) as a ``Fraction``: the pound is exactly 0.45359237 kg (international
yard and pound agreement, 1959), the US liquid gallon exactly 3.785411784 L. Two units convert
only within one dimension; the factor from one to the other is exact, so a premium per pound on a
quantity in kilograms is computed exactly and rounded once (decision 0006).
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

MASS, COUNT, VOLUME = "mass", "count", "volume"

_POUND = Fraction("0.45359237")
_GALLON = Fraction("3.785411784")

# canonical name -> (dimension, factor to the base unit)
UNITS: dict[str, tuple[str, Fraction]] = {
    "kg": (MASS, Fraction(1)),
    "g": (MASS, Fraction(1, 1000)),
    "t": (MASS, Fraction(1000)),
    "lb": (MASS, _POUND),
    "oz": (MASS, _POUND / 16),
    "cwt": (MASS, _POUND * 100),  # US short hundredweight
    "piece": (COUNT, Fraction(1)),
    "pair": (COUNT, Fraction(2)),
    "dozen": (COUNT, Fraction(12)),
    "gross": (COUNT, Fraction(144)),
    "l": (VOLUME, Fraction(1)),
    "ml": (VOLUME, Fraction(1, 1000)),
    "gal": (VOLUME, _GALLON),
}

ALIASES: dict[str, str] = {
    "kgs": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "gram": "g",
    "grams": "g",
    "tonne": "t",
    "tonnes": "t",
    "metric ton": "t",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "ounce": "oz",
    "ounces": "oz",
    "pieces": "piece",
    "pcs": "piece",
    "pc": "piece",
    "unit": "piece",
    "units": "piece",
    "item": "piece",
    "items": "piece",
    "garment": "piece",
    "garments": "piece",
    "pairs": "pair",
    "dozens": "dozen",
    "dz": "dozen",
    "litre": "l",
    "litres": "l",
    "liter": "l",
    "liters": "l",
    "millilitre": "ml",
    "milliliter": "ml",
    "gallon": "gal",
    "gallons": "gal",
}


CONTAINERS = ("bucket", "box", "bag", "case", "crate", "carton", "sack", "tray", "bin")
# "32-lb bucket", "25 kg bag", "10-lb boxes": a container of a stated content (the Fair Food
# Program's premium is a penny a pound, often counted per 32-lb bucket).
_PACKAGE = re.compile(r"(\d{1,6}(?:\.\d{1,3})?)\s*-?\s*([a-z]+)\s+(" + "|".join(CONTAINERS) + r")e?s?\Z")


@lru_cache(maxsize=1024)
def _parse(unit: str) -> tuple[str, str, Fraction] | None:
    key = " ".join(unit.strip().lower().split())
    name = key if key in UNITS else ALIASES.get(key)
    if name is not None:
        dimension, to_base = UNITS[name]
        return name, dimension, to_base
    match = _PACKAGE.match(key)
    if match is None:
        return None
    amount, inner, container = match.groups()
    inner_name = inner if inner in UNITS else ALIASES.get(inner)
    if inner_name is None:
        return None
    dimension, to_base = UNITS[inner_name]
    return f"{amount}-{inner_name} {container}", dimension, Fraction(amount) * to_base


def canonical(unit: str) -> str | None:
    """The canonical name of ``unit`` (case and surrounding spaces ignored), or ``None`` if unknown."""
    parsed = _parse(unit)
    return parsed[0] if parsed else None


def factor(from_unit: str, to_unit: str) -> Fraction | None:
    """How many ``to_unit`` one ``from_unit`` is, exactly; ``None`` if either is unknown or they
    measure different things (kilograms never convert to pieces)."""
    a, b = _parse(from_unit), _parse(to_unit)
    if a is None or b is None or a[1] != b[1]:
        return None
    return a[2] / b[2]
