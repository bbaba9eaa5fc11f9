"""Which rows of a list fall outside a program: its countries and its sector.

A garment program covers factories making apparel, textiles, footwear and their parts; an
agriculture program farms, packing houses and food; a dairy program farms and dairies. Rows whose
Open Supply Hub sector names none of the program's (and rows in a country the program does not
cover) are counted so the uploader is warned before anything is written. Rows without a sector
are never counted against the sector.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

SECTORS_BY_PROGRAM: dict[str, frozenset[str]] = {
    "garment": frozenset(
        {"apparel", "textiles", "home textiles", "footwear", "accessories", "leather", "sporting goods"}
    ),
    "agriculture": frozenset(
        {
            "agriculture",
            "animal production",
            "aquaculture",
            "beverages",
            "coffee",
            "food",
            "food & beverage",
            "forestry",
            "seafood",
            "tea",
            "tobacco",
        }
    ),
    "dairy": frozenset({"agriculture", "animal production", "food", "food & beverage", "beverages"}),
}


@dataclass
class ScopeReport:
    rows: int = 0  # rows outside the program (country or sector)
    countries: Counter[str] = field(default_factory=Counter)
    sectors: Counter[str] = field(default_factory=Counter)
    lines: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.rows > 0


def scope_check(
    *, program_sector: str, program_countries: Iterable[str], rows: Iterable[tuple[int, str, list[str]]]
) -> ScopeReport:
    """``rows``: (line, ISO country, sectors) of the valid rows."""
    countries = {c.upper() for c in program_countries}
    allowed = SECTORS_BY_PROGRAM.get(program_sector)
    report = ScopeReport()
    for line, country, sectors in rows:
        outside = False
        if countries and country.upper() not in countries:
            report.countries[country.upper()] += 1
            outside = True
        if allowed is not None and sectors and not any(s.casefold() in allowed for s in sectors):
            report.sectors[" | ".join(sectors)] += 1
            outside = True
        if outside:
            report.rows += 1
            report.lines.append(line)
    return report
