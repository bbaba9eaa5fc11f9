"""Units a purchase may be reported in, and exact conversion between them. No floats, no Django.

Each unit has a dimension (mass, count, volume) and an exact factor to the dimension's base unit
(kilogram, piece, litre) as a ``Fraction``: the pound is exactly 0.45359237 kg (international
yard and pound agreement, 1959), the US liquid gallon exactly 3.785411784 L. Two units convert
only within one dimension; the factor from one to the other is exact, so a premium per pound on a
quantity in kilograms is computed exactly and rounded once (decision 0006).
"""

from __future__ import annotations

from fractions import Fraction

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


def canonical(unit: str) -> str | None:
    """The canonical name of ``unit`` (case and surrounding spaces ignored), or ``None`` if unknown."""
    key = " ".join(unit.strip().lower().split())
    if key in UNITS:
        return key
    return ALIASES.get(key)


def factor(from_unit: str, to_unit: str) -> Fraction | None:
    """How many ``to_unit`` one ``from_unit`` is, exactly; ``None`` if either is unknown or they
    measure different things (kilograms never convert to pieces)."""
    a, b = canonical(from_unit), canonical(to_unit)
    if a is None or b is None:
        return None
    (dim_a, fa), (dim_b, fb) = UNITS[a], UNITS[b]
    if dim_a != dim_b:
        return None
    return fa / fb
