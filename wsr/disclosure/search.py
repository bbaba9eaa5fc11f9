# ruff: noqa: S608, S611 - constant SQL; every value is a bound parameter
"""Public facility search: any script, typo-tolerant, keyset-paginated (decision 0034).

A text query first matches as a substring (SQLite FTS5 trigram phrase / PostgreSQL trigram
``ILIKE``), in name order with a keyset cursor, so page N costs what page 1 costs at any size.
When the exact text finds nothing (a typo), a bounded fuzzy pass ranks at most
``FUZZY_CANDIDATES`` candidates (FTS5 BM25 over the query's trigrams / ``word_similarity``) and
reorders them by edit similarity: one page, best first.

Only public facts: facilities covered by a program, with their standing per program.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from rapidfuzz import fuzz

from wsr.disclosure.search_index import DOC_SQL, FTS
from wsr.programs.models import Program
from wsr.registry.models import Facility, ProgramFacility, WorkerBand
from wsr.standing.models import STANDING_LABELS, FacilityStanding
from wsr.standing.transitions import Standing

PAGE_SIZE = 25
FUZZY_CANDIDATES = 200
FUZZY_MIN_SCORE = 60
MIN_TEXT = 3  # trigram indexes need three characters; shorter text is a prefix match on the name


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    place: str = ""
    country: str = ""
    sector: str = ""
    standing: str = ""
    program: str = ""  # a program slug
    after: str = ""  # the keyset cursor of the next page

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.place or self.country or self.sector or self.standing or self.program)


@dataclass(frozen=True)
class ProgramStanding:
    program: Program
    status: str
    label: str
    since: dt.datetime | dt.date | None


@dataclass(frozen=True)
class FacilityCard:
    facility: Facility
    standings: list[ProgramStanding] = field(default_factory=list)

    @property
    def sectors(self) -> str:
        return ", ".join(self.facility.sectors or [])

    @property
    def band_label(self) -> str:
        """The Transparency Pledge worker band, in words ("1,001 – 5,000")."""
        band = self.facility.worker_band
        return str(WorkerBand(band).label) if band else ""


@dataclass(frozen=True)
class SearchPage:
    cards: list[FacilityCard]
    next_after: str  # "" on the last page
    fuzzy: bool  # the typo-tolerant pass answered


# --- cursor --------------------------------------------------------------------------------------


def encode_cursor(name: str, public_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([name, public_id], ensure_ascii=False).encode()).decode().rstrip("=")


def decode_cursor(token: str) -> tuple[str, str] | None:
    """The (name, public id) a cursor points after, or None for a malformed one (first page)."""
    if not token:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    return None


# --- text matching -------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return " ".join(text.split())[:200]


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def trigrams(text: str) -> list[str]:
    low = _clean(text).lower()
    seen: dict[str, None] = {}
    for i in range(len(low) - 2):
        gram = low[i : i + 3]
        if gram.strip() and '"' not in gram:
            seen[gram] = None
    return list(seen)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _text_filter(q: str, place: str) -> Q:
    """Exact (substring) match of ``q`` in name, local name or address and ``place`` in the address."""
    result = Q()
    if connection.vendor == "sqlite":
        terms = []
        if len(q) >= MIN_TEXT:
            terms.append(_phrase(q))
        if len(place) >= MIN_TEXT:
            terms.append("address : " + _phrase(place))
        if terms:
            sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s"
            result &= Q(pk__in=RawSQL(sql, [" AND ".join(terms)]))
    else:
        if len(q) >= MIN_TEXT:
            result &= Q(pk__in=RawSQL(f"SELECT id FROM registry_facility WHERE {DOC_SQL} ILIKE %s", [_like(q)]))
        if len(place) >= MIN_TEXT:
            result &= Q(address__icontains=place)
    if q and len(q) < MIN_TEXT:
        result &= Q(name__istartswith=q) | Q(name_local__istartswith=q)
    if place and len(place) < MIN_TEXT:
        result &= Q(address__icontains=place)
    return result


def fuzzy_expression(grams: list[str]) -> str:
    """An FTS5 query matching text that keeps most of ``grams`` (the query's trigrams, in order).

    The trigrams are cut into four runs; a text matches if it holds every trigram of at least two
    runs. One typo spoils at most three consecutive trigrams, so at most two runs, and two others
    still match: each alternative is an AND of many trigrams, selective enough to rank quickly
    even over a million rows (ranking the plain OR of all trigrams would score most of the table).
    Fewer than eight trigrams (a short query): any trigram."""
    if len(grams) < 8:
        return " OR ".join(_phrase(g) for g in grams)
    size = len(grams) / 4
    runs = [grams[round(i * size) : round((i + 1) * size)] for i in range(4)]
    ands = [" AND ".join(_phrase(g) for g in run) for run in runs]
    return " OR ".join(f"({ands[i]} AND {ands[j]})" for i in range(4) for j in range(i + 1, 4))


def _fuzzy_candidates(q: str) -> list[int]:
    """At most FUZZY_CANDIDATES facility ids sharing the most trigrams with ``q``, best first."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            grams = trigrams(q)
            if not grams:
                return []
            cursor.execute(
                f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rank LIMIT %s",
                [fuzzy_expression(grams), FUZZY_CANDIDATES],
            )
        else:
            cursor.execute(
                f"SELECT id FROM registry_facility WHERE %s <%% {DOC_SQL} "
                f"ORDER BY word_similarity(%s, {DOC_SQL}) DESC LIMIT %s",
                [q, q, FUZZY_CANDIDATES],
            )
        return [row[0] for row in cursor.fetchall()]


# --- filters -------------------------------------------------------------------------------------


def _sector_filter(sector: str) -> Q:
    if connection.vendor == "sqlite":
        sql = "SELECT f.id FROM registry_facility f, json_each(f.sectors) s WHERE s.value = %s"
        return Q(pk__in=RawSQL(sql, [sector]))
    return Q(sectors__contains=[sector])


def public_facilities(query: SearchQuery, program: Program | None = None) -> QuerySet[Facility]:
    """Facilities covered by a program (``program`` if given) matching the filters, name order."""
    links = ProgramFacility.objects.filter(facility=OuterRef("pk"), until__isnull=True)
    if program is not None:
        links = links.filter(program=program)
    qs = Facility.objects.filter(Exists(links))
    if query.country:
        qs = qs.filter(country=query.country.upper()[:2])
    if query.sector:
        qs = qs.filter(_sector_filter(query.sector))
    if query.standing in Standing.__members__.values():
        standings = FacilityStanding.objects.filter(facility=OuterRef("pk"))
        if program is not None:
            standings = standings.filter(program=program)
        if query.standing == Standing.APPLICANT:
            qs = qs.exclude(Exists(standings.exclude(status=Standing.APPLICANT)))
        else:
            qs = qs.filter(Exists(standings.filter(status=query.standing)))
    return qs


def search(query: SearchQuery, *, page_size: int = PAGE_SIZE) -> SearchPage:
    program = Program.objects.filter(slug=query.program).first() if query.program else None
    if query.program and program is None:
        return SearchPage([], "", False)
    q, place = _clean(query.q), _clean(query.place)
    base = public_facilities(query, program)
    qs = base.filter(_text_filter(q, place)).order_by("name", "public_id")
    cursor = decode_cursor(query.after)
    if cursor is not None:
        name, public_id = cursor
        qs = qs.filter(Q(name__gt=name) | Q(name=name, public_id__gt=public_id))
    rows = list(qs[: page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    if rows or cursor is not None or len(q) < MIN_TEXT + 1:
        next_after = encode_cursor(rows[-1].name, rows[-1].public_id) if more else ""
        return SearchPage(cards_for(rows, program), next_after, False)
    # Nothing matched exactly: the typo-tolerant pass (one page, best first).
    ids = _fuzzy_candidates(q)
    found = {f.pk: f for f in base.filter(pk__in=ids).filter(_text_filter("", place))}
    scored = []
    for pk in ids:
        facility = found.get(pk)
        if facility is None:
            continue
        score = max(
            fuzz.partial_ratio(q.lower(), text.lower())
            for text in (facility.name, facility.name_local, facility.address)
            if text
        )
        if score >= FUZZY_MIN_SCORE:
            scored.append((-score, facility.name, facility))
    scored.sort(key=lambda item: (item[0], item[1]))
    return SearchPage(cards_for([f for _s, _n, f in scored[:page_size]], program), "", True)


def cards_for(facilities: list[Facility], program: Program | None = None) -> list[FacilityCard]:
    """Each facility with its standing in each program covering it (``program`` only if given)."""
    ids = [f.pk for f in facilities]
    links = ProgramFacility.objects.filter(facility_id__in=ids, until__isnull=True).select_related("program")
    if program is not None:
        links = links.filter(program=program)
    standings = {
        (s.program_id, s.facility_id): s
        for s in FacilityStanding.objects.filter(facility_id__in=ids).only(
            "program_id", "facility_id", "status", "since"
        )
    }
    by_facility: dict[int, list[ProgramStanding]] = defaultdict(list)
    for link in sorted(links, key=lambda link: link.program.name):
        row = standings.get((link.program_id, link.facility_id))
        status = row.status if row else Standing.APPLICANT
        since = row.since if row else link.since
        by_facility[link.facility_id].append(
            ProgramStanding(link.program, status, str(STANDING_LABELS[Standing(status)]), since)
        )
    return [FacilityCard(f, by_facility.get(f.pk, [])) for f in facilities]


def sectors_in_use() -> list[str]:
    """The sectors named on facilities, for the filter's choices (a small distinct set, read from
    the whole table: kept ten minutes)."""
    found = cache.get("wsr:public-sectors")
    if found is None:
        found = _sectors_in_use()
        cache.set("wsr:public-sectors", found, 600)
    return list(found)


def _sectors_in_use() -> list[str]:
    if connection.vendor == "sqlite":
        sql = "SELECT DISTINCT s.value FROM registry_facility f, json_each(f.sectors) s ORDER BY 1 LIMIT 100"
    else:
        sql = "SELECT DISTINCT jsonb_array_elements_text(sectors) AS s FROM registry_facility ORDER BY 1 LIMIT 100"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall() if row[0]]
