"""The staff pages that list or count cases read a fixed number of queries, whatever the program
holds (issue 9: they loaded every row into Python): the queue, the case page and the statistics
page give the same count with 3 cases as with 30 (or with 1 message as with 20), and the
statistics equal a brute-force computation over the rows."""

from __future__ import annotations

import datetime as dt
import statistics as pystats
from collections import Counter

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.complaints.staff_helpers import actor, adopt_code, advance, file_case
from tests.conftest import login
from wsr.complaints import services
from wsr.complaints.models import Complaint
from wsr.complaints.selectors import OPEN, complaint_statistics

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)
CATEGORIES = ("wages_hours", "health_safety", "other")
CHANNELS = ("web", "sms", "api")


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


def _cases(personas, start: int, stop: int) -> None:
    """A mix: open at intake, acknowledged, out of scope, closed after i days, remedy verified."""
    inv = actor(personas.investigator)
    for i in range(start, stop):
        with time_machine.travel(T0 + dt.timedelta(hours=i), tick=False) as traveller:
            case = file_case(personas, category=CATEGORIES[i % 3], channel=CHANNELS[i % 3]).complaint
            kind = i % 5
            if kind == 1:
                services.complaint_acknowledge(actor=inv, complaint=case)
            elif kind == 2:
                services.complaint_acknowledge(actor=inv, complaint=case)
                services.complaint_triage_out_of_scope(actor=inv, complaint=case, reason="not ours")
            elif kind == 3:
                case = advance(personas, case, "finding", outcome="unsubstantiated")
                traveller.move_to(T0 + dt.timedelta(hours=i, days=i % 40))
                services.complaint_close(actor=inv, complaint=case)
            elif kind == 4:
                case = advance(personas, case, "remedy_directed")
                traveller.move_to(T0 + dt.timedelta(hours=i, days=(3 * i) % 35))
                services.complaint_remedy_verify(actor=inv, complaint=case)


def test_the_queue_reads_as_many_queries_for_30_cases_as_for_3(personas):
    adopt_code(personas)
    client = login(Client(), personas.investigator)
    url = f"/complaints/{personas.program.slug}/?include_closed=on"
    _cases(personas, 0, 3)
    _queries(client, url)  # warm: session, content types
    few = _queries(client, url)
    _cases(personas, 3, 30)
    many = _queries(client, url)
    assert many == few
    body = client.get(url).content.decode()
    assert all(c.public_id in body for c in Complaint.objects.filter(status__in=OPEN))


def test_the_case_page_reads_as_many_queries_with_20_messages_and_notes_as_with_one(personas):
    adopt_code(personas)
    inv = actor(personas.investigator)
    case = advance(personas, file_case(personas).complaint, "investigating")
    client = login(Client(), personas.investigator)
    url = f"/complaints/{personas.program.slug}/cases/{case.public_id}/"
    services.complaint_message_send(actor=inv, complaint=case, text="First update")
    services.complaint_note_add(actor=inv, complaint=case, text="First note")
    _queries(client, url)
    few = _queries(client, url)
    for n in range(20):
        case.refresh_from_db()
        services.complaint_message_send(actor=inv, complaint=case, text=f"Update {n}")
        services.complaint_note_add(actor=inv, complaint=case, text=f"Note {n}")
    many = _queries(client, url)
    assert many == few
    assert "Update 19" in client.get(url).content.decode()


def _brute_force(program) -> dict:
    rows = list(Complaint.objects.filter(program=program))
    in_scope = [r for r in rows if r.status not in ("triaged_out_of_scope", "forwarded")]
    days = [(r.resolved_at - r.received_at).total_seconds() / 86400 for r in in_scope if r.resolved_at]
    return {
        "total": len(rows),
        "open": sum(1 for r in rows if r.status in OPEN),
        "in_scope": len(in_scope),
        "resolved": len(days),
        "within": {d: round(100 * sum(1 for x in days if x <= d) / len(in_scope)) for d in (7, 14, 30)},
        "median": round(pystats.median(days), 1),
        "category": dict(Counter(r.category for r in rows)),
        "channel": dict(Counter(r.channel for r in rows)),
        "outcome": dict(Counter(r.finding_outcome for r in rows if r.finding_outcome)),
        "status": dict(Counter(r.status for r in rows)),
    }


@pytest.mark.parametrize("count", [30, 34])  # an even (12) and an odd (13) number of resolved cases
def test_statistics_aggregate_in_the_database_and_equal_a_brute_force_count(personas, count):
    adopt_code(personas)
    client = login(Client(), personas.worker_org_staff)
    url = f"/complaints/{personas.program.slug}/statistics/"
    _cases(personas, 0, 5)
    _queries(client, url)
    few = _queries(client, url)
    _cases(personas, 5, count)
    many = _queries(client, url)
    assert many == few

    with CaptureQueriesContext(connection) as ctx:
        stats = complaint_statistics(program=personas.program)
    assert len(ctx) <= 4
    # every query aggregates, or reads at most the two middle durations: no query returns a row per case
    assert all("COUNT(" in q["sql"].upper() or "LIMIT" in q["sql"].upper() for q in ctx.captured_queries)
    expected = _brute_force(personas.program)
    assert expected["resolved"] == (12 if count == 30 else 13)  # kinds 3 and 4
    assert (stats.total, stats.open, stats.in_scope, stats.resolved) == (
        expected["total"],
        expected["open"],
        expected["in_scope"],
        expected["resolved"],
    )
    assert stats.resolved_within == expected["within"]
    assert stats.median_days_to_resolution == expected["median"]
    assert dict(stats.by_category) == expected["category"]
    assert dict(stats.by_channel) == expected["channel"]
    assert dict(stats.by_outcome) == expected["outcome"]
    assert dict(stats.by_status) == expected["status"]
