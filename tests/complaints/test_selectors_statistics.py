"""Statistics and scorecard counts computed on a known set of cases."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.complaints.staff_helpers import actor, adopt_code, advance, file_case
from wsr.complaints import services
from wsr.complaints.selectors import complaint_counts, complaint_statistics

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)


def test_statistics_on_a_known_set(personas):
    adopt_code(personas)
    inv = actor(personas.investigator)
    with time_machine.travel(T0, tick=False) as traveller:
        quick = file_case(personas, category="wages_hours").complaint
        slow = file_case(personas, category="health_safety", channel="sms", facility=personas.facility_y).complaint
        file_case(personas, category="health_safety")  # stays open
        out = file_case(personas, category="other", channel="api").complaint
        services.complaint_acknowledge(actor=inv, complaint=out)
        services.complaint_triage_out_of_scope(actor=inv, complaint=out, reason="not ours")
        advance(personas, quick, "finding", outcome="unsubstantiated")
        advance(personas, slow, "remedy_directed")
        traveller.move_to(T0 + dt.timedelta(days=5))
        services.complaint_close(actor=inv, complaint=quick)
        traveller.move_to(T0 + dt.timedelta(days=20))
        services.complaint_remedy_verify(actor=inv, complaint=slow)
        stats = complaint_statistics(program=personas.program)
    assert stats.total == 4 and stats.open == 3 and stats.in_scope == 3 and stats.resolved == 2
    assert stats.resolved_within == {7: 33, 14: 33, 30: 67}
    assert stats.median_days_to_resolution == 12.5
    assert dict(stats.by_category) == {"health_safety": 2, "wages_hours": 1, "other": 1}
    assert dict(stats.by_channel) == {"web": 2, "sms": 1, "api": 1}
    assert dict(stats.by_outcome) == {"unsubstantiated": 1, "substantiated": 1}
    assert stats.sla_breaches == 0
    assert complaint_statistics(program=personas.other_program).total == 0
    assert complaint_statistics(program=personas.program, since=dt.date(2025, 7, 1)).total == 0

    counts = complaint_counts(program=personas.program, by=("facility", "category"))
    assert {"facility": personas.facility_y.public_id, "category": "health_safety", "count": 1} in counts
    assert {"facility": personas.facility_x.public_id, "category": "health_safety", "count": 1} in counts
    assert complaint_counts(program=personas.program, by=("month",)) == [{"month": "2025-06-01", "count": 4}]
