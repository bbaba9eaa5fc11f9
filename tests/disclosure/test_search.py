"""Public facility search: any script, typo-tolerant, filters, keyset pagination, and an index
the database keeps in sync with every write to the facility table."""

from __future__ import annotations

import pytest

from tests.disclosure.conftest import BENGALI_Y
from tests.factories import FacilityFactory, ProgramFacilityFactory
from wsr.disclosure.search import SearchQuery, decode_cursor, encode_cursor, search
from wsr.registry.models import Facility

pytestmark = pytest.mark.django_db


def _names(page):
    return [c.facility.name for c in page.cards]


def test_a_bengali_name_finds_the_suspended_facility(world):
    page = search(SearchQuery(q="ওয়াই খামার"))

    assert _names(page) == ["Supplier Y Farm One"]
    assert not page.fuzzy
    [standing] = page.cards[0].standings
    assert (standing.status, standing.program) == ("suspended", world.program)
    assert page.cards[0].facility.name_local == BENGALI_Y


def test_a_typo_still_finds_the_facility_through_the_fuzzy_pass(world):
    page = search(SearchQuery(q="Suplier Y Frm"))

    assert page.fuzzy
    assert _names(page)[0] == "Supplier Y Farm One"


def test_a_substring_in_any_case_matches(world):
    assert _names(search(SearchQuery(q="farm one"))) == ["Supplier X Farm One", "Supplier Y Farm One"]


def test_filters_standing_place_country_and_program(world):
    assert _names(search(SearchQuery(standing="suspended"))) == ["Supplier Y Farm One"]
    assert _names(search(SearchQuery(standing="participating"))) == ["Supplier X Farm One"]
    assert _names(search(SearchQuery(place="Konabari"))) == ["Supplier Y Farm One"]
    assert _names(search(SearchQuery(country="bd"))) == ["Dhaka Knit Composite"]
    assert _names(search(SearchQuery(program=world.other_program.slug))) == ["Dhaka Knit Composite"]
    assert _names(search(SearchQuery(program="no-such-program"))) == []


def test_a_facility_outside_every_program_is_not_public(world):
    Facility.objects.create(name="Unlisted Farm One", address="Nowhere", country="US", match_key="x")

    assert "Unlisted Farm One" not in _names(search(SearchQuery(q="Farm One")))


def test_keyset_pages_cover_every_match_once(world):
    for i in range(7):
        facility = FacilityFactory(name=f"Keyset Mill {i:02d}")
        ProgramFacilityFactory(program=world.program, facility=facility)
    seen: list[str] = []
    after = ""
    while True:
        page = search(SearchQuery(q="Keyset Mill", after=after), page_size=3)
        seen += _names(page)
        if not page.next_after:
            break
        after = page.next_after

    assert seen == [f"Keyset Mill {i:02d}" for i in range(7)]


def test_the_index_follows_renames_and_deletes(world):
    facility = FacilityFactory(name="Old Name Textiles")
    ProgramFacilityFactory(program=world.program, facility=facility)
    assert _names(search(SearchQuery(q="Old Name"))) == ["Old Name Textiles"]

    Facility.objects.filter(pk=facility.pk).update(name="Brand New Textiles")
    stale = search(SearchQuery(q="Old Name Tex"))
    assert stale.fuzzy or not stale.cards  # no exact match left for the old name
    assert _names(search(SearchQuery(q="Brand New"))) == ["Brand New Textiles"]

    facility.program_links.all().delete()
    Facility.objects.filter(pk=facility.pk).delete()
    assert _names(search(SearchQuery(q="Brand New"))) == []


def test_a_malformed_cursor_reads_as_the_first_page(world):
    assert decode_cursor("%%%") is None
    assert decode_cursor(encode_cursor("A", "fac_1")) == ("A", "fac_1")
    assert _names(search(SearchQuery(q="farm one", after="garbage"))) == ["Supplier X Farm One", "Supplier Y Farm One"]


def test_the_fuzzy_expression_survives_one_typo_anywhere():
    import re

    from wsr.disclosure.search import fuzzy_expression, trigrams

    document = set(trigrams("Gazipur Denim Mills"))
    for typo in ("Gazpur Denim Mills", "Gazipur Denm Mills", "Gazipur Denim Milz", "Gazipur Denim Mills"):
        expression = fuzzy_expression(trigrams(typo))
        alternatives = expression.split(") OR (")
        assert len(alternatives) == 6  # the pairs of four runs
        matching = [alt for alt in alternatives if all(g in document for g in re.findall(r'"((?:[^"]|"")*)"', alt))]
        assert matching, typo
    unrelated = set(trigrams("Chattogram Export Garments"))
    expression = fuzzy_expression(trigrams("Gazipur Denim Mills"))
    assert not [
        alt for alt in expression.split(") OR (") if all(g in unrelated for g in re.findall(r'"((?:[^"]|"")*)"', alt))
    ]


def test_a_typo_in_a_long_name_finds_it(world):
    page = search(SearchQuery(q="Suplier Y Farm Onee"))
    assert page.fuzzy and _names(page)[0] == "Supplier Y Farm One"
