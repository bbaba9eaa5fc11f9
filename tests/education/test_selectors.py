"""Coverage on known data, the below-norm list and its order, and who sees which facilities."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.education.conftest import record
from tests.factories import FacilityFactory, ProgramFacilityFactory
from wsr.accounts.selectors import actor_for_user
from wsr.core.errors import CapabilityMissing
from wsr.education.selectors import below_norm_for_actor, coverage_for_actor, season_pick, sessions_for_actor
from wsr.education.services import session_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(personas, seasons):
    """facility X (250 workers): 2 paid sessions + 1 unpaid, 100 + 60 + 20 reached -> 72 %, norm met.
    facility Y (250 workers): 1 paid session, 50 reached -> 20 %, 1 short.
    facility Z (no workforce known): nothing -> gap 2.
    Last season X had one paid session only; a withdrawn record at Y does not count."""
    z = FacilityFactory(name="Zeta Ranch", worker_count=None)
    ProgramFacilityFactory(program=personas.program, facility=z)
    x, y = personas.facility_x, personas.facility_y
    record(personas, facility=x, held_on=dt.date(2025, 11, 5), kind="orientation", attendees=100, new_workers=100)
    record(personas, facility=x, held_on=dt.date(2026, 1, 12), attendees=90, new_workers=60)
    record(personas, facility=x, held_on=dt.date(2026, 2, 2), on_the_clock=False, attendees=30, new_workers=20)
    record(personas, facility=y, held_on=dt.date(2025, 12, 1), attendees=50, new_workers=50)
    mistake = record(personas, facility=y, held_on=dt.date(2025, 12, 2), attendees=50, new_workers=50)
    session_withdraw(actor=actor_for_user(personas.worker_org_staff), session=mistake, reason="duplicate")
    record(personas, facility=x, held_on=dt.date(2025, 1, 10), attendees=200, new_workers=200)
    return z


def _by_name(rows):
    return {r.facility.name: r for r in rows}


def test_coverage_per_facility_on_known_data(personas, seasons, known):
    rows = _by_name(
        coverage_for_actor(
            actor=actor_for_user(personas.worker_org_staff), program=personas.program, season=seasons["current"]
        )
    )
    x, y, z = rows[personas.facility_x.name], rows[personas.facility_y.name], rows["Zeta Ranch"]
    assert (x.sessions, x.on_the_clock, x.attendees, x.reached, x.percent, x.gap, x.norm_met) == (
        3,
        2,
        220,
        180,
        72,
        0,
        True,
    )
    assert (y.sessions, y.on_the_clock, y.reached, y.percent, y.gap) == (1, 1, 50, 20, 1)
    assert (z.sessions, z.reached, z.percent, z.gap, z.workforce) == (0, 0, None, 2, None)
    previous = _by_name(
        coverage_for_actor(
            actor=actor_for_user(personas.investigator), program=personas.program, season=seasons["previous"]
        )
    )
    assert (previous[personas.facility_x.name].reached, previous[personas.facility_x.name].percent) == (200, 80)
    assert previous[personas.facility_x.name].gap == 1


def test_the_norm_follows_the_program_rule(personas, seasons, known):
    personas.program.education_sessions_per_season = 3
    personas.program.save()
    rows = _by_name(
        coverage_for_actor(
            actor=actor_for_user(personas.council_admin), program=personas.program, season=seasons["current"]
        )
    )
    assert rows[personas.facility_x.name].gap == 1 and not rows[personas.facility_x.name].norm_met


def test_below_norm_lists_only_facilities_short_of_the_norm_largest_gap_first(personas, seasons, known):
    actor = actor_for_user(personas.worker_org_staff)
    rows = below_norm_for_actor(actor=actor, program=personas.program, season=seasons["current"])
    assert [(r.facility.name, r.gap) for r in rows] == [("Zeta Ranch", 2), (personas.facility_y.name, 1)]
    by_coverage = below_norm_for_actor(
        actor=actor, program=personas.program, season=seasons["current"], sort="coverage"
    )
    assert [r.facility.name for r in by_coverage] == ["Zeta Ranch", personas.facility_y.name]  # unknown first
    by_name = below_norm_for_actor(actor=actor, program=personas.program, season=seasons["current"], sort="name")
    assert [r.facility.name for r in by_name] == sorted(r.facility.name for r in rows)


@pytest.mark.parametrize("who", ["brand_a", "supplier_x"])
def test_below_norm_is_for_program_staff(personas, seasons, who):
    with pytest.raises(CapabilityMissing):
        below_norm_for_actor(
            actor=actor_for_user(getattr(personas, who)), program=personas.program, season=seasons["current"]
        )


def test_a_supplier_sees_its_own_facilities_and_a_brand_those_it_sources_from(personas, seasons, known):
    season = seasons["current"]
    names = lambda who: sorted(  # noqa: E731
        r.facility.name
        for r in coverage_for_actor(
            actor=actor_for_user(getattr(personas, who)), program=personas.program, season=season
        )
    )
    assert names("supplier_x") == [personas.facility_x.name]
    assert names("supplier_y") == [personas.facility_y.name]
    assert names("brand_a") == [personas.facility_x.name]
    assert names("brand_b") == [personas.facility_y.name]
    assert len(names("auditor")) == 3


def test_sessions_are_scoped_suppliers_to_their_facilities_brands_none(personas, seasons, known):
    program = personas.program
    assert sessions_for_actor(actor=actor_for_user(personas.investigator), program=program).count() == 6
    own = sessions_for_actor(actor=actor_for_user(personas.supplier_y), program=program)
    assert {s.facility for s in own} == {personas.facility_y}
    with pytest.raises(CapabilityMissing):
        sessions_for_actor(actor=actor_for_user(personas.brand_a), program=program)


def test_a_facility_that_left_before_the_season_is_not_listed(personas, seasons):
    gone = FacilityFactory(name="Gone Farm")
    ProgramFacilityFactory(program=personas.program, facility=gone, until=dt.date(2025, 6, 30))
    rows = coverage_for_actor(
        actor=actor_for_user(personas.council_admin), program=personas.program, season=seasons["current"]
    )
    assert "Gone Farm" not in {r.facility.name for r in rows}
    rows = coverage_for_actor(
        actor=actor_for_user(personas.council_admin), program=personas.program, season=seasons["previous"]
    )
    assert "Gone Farm" in {r.facility.name for r in rows}


def test_the_current_season_is_picked_from_today(personas, seasons):
    assert season_pick(personas.program) == seasons["current"]
    assert season_pick(personas.program, "2024-25") == seasons["previous"]
