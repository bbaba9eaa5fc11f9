"""``eligibility_on`` answers for any past date from the standing history: random histories
checked against a brute-force hour-by-hour replay."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wsr.standing.models import Decision, FacilityStanding, StandingChange
from wsr.standing.selectors import eligibility_on
from wsr.standing.transitions import ELIGIBLE, Standing

pytestmark = pytest.mark.django_db
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HISTORY = st.lists(st.tuples(st.integers(0, 24 * 20), st.sampled_from(list(Standing))), max_size=12)


def _replay(changes: list[tuple[int, str]], day: dt.date) -> bool:
    """Brute force: the standing at every hour of the day (changes fall on whole hours)."""
    ordered = sorted(enumerate(changes), key=lambda c: (c[1][0], c[0]))
    start = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
    for hour in range(24):
        moment = start + dt.timedelta(hours=hour)
        state = Standing.APPLICANT
        for _i, (offset, to) in ordered:
            if EPOCH + dt.timedelta(hours=offset) <= moment:
                state = to
        if state not in ELIGIBLE:
            return False
    return True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=HISTORY, days=st.lists(st.integers(-1, 22), min_size=1, max_size=5))
def test_eligibility_on_matches_a_brute_force_replay(personas, changes, days):
    program, facility, brand = personas.program, personas.facility_x, personas.brand_a.organisation
    StandingChange.objects.all().delete()
    Decision.objects.all().delete()
    standing, _ = FacilityStanding.objects.get_or_create(program=program, facility=facility)
    decision = Decision.objects.create(program=program, target="suspended", grounds="monitor_decision", reason="r")
    before = Standing.APPLICANT
    for offset, to in changes:  # inserted in list order: ties on the same hour keep that order
        StandingChange.objects.create(
            standing=standing,
            decision=decision,
            program=program,
            facility=facility,
            before=before,
            after=to,
            effective_at=EPOCH + dt.timedelta(hours=offset),
        )
        before = to
    for n in days:
        day = EPOCH.date() + dt.timedelta(days=n)
        assert eligibility_on(facility=facility, brand=brand, on=day) == _replay(changes, day), (changes, day)


def test_a_brand_that_does_not_source_from_the_facility_is_never_eligible(personas):
    assert eligibility_on(facility=personas.facility_x, brand=personas.brand_b.organisation, on=EPOCH.date()) is False
