"""Where a worker waits, every query counts (``make bench`` has the timings): the intake and the
status look-up stay within a fixed number of queries, whatever the program holds.

Counted inside the test's transaction, so each transaction of the request shows as a SAVEPOINT /
RELEASE pair. Intake (10): the program; the guessing-limit bucket (read, write); the case, its
identity and its event in one transaction. Status look-up (10, was 14): two buckets (read, write
each, one transaction apiece), the case, its messages (all of them in one query). On PostgreSQL a
bucket is one UPDATE (refill and spend in one statement; decision 0029): intake 7, status 4."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client

from tests.complaints.staff_helpers import actor, file_case
from wsr.complaints import services
from wsr.complaints.models import Complaint

pytestmark = pytest.mark.django_db

INTAKE_QUERIES = 10
INTAKE_QUERIES_POSTGRESQL = 7
STATUS_QUERIES = 10
STATUS_QUERIES_POSTGRESQL = 4


def _limit(default: int, postgresql: int) -> int:
    return postgresql if connection.vendor == "postgresql" else default


def _post(client: Client, url: str, body: dict):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _body(personas) -> dict:
    return {
        "program": personas.program.slug,
        "facility": None,
        "facility_name": "Rancho Sol",
        "category": "wages_hours",
        "description": "They kept part of our pay.",
        "language": "en",
        "anonymous": False,
        "contact": "through the worker centre",
    }


def test_intake_takes_a_fixed_number_of_queries(personas, django_assert_max_num_queries):
    client = Client()
    _post(client, "/api/v1/intake/complaints", _body(personas))  # the bucket exists from now on

    with django_assert_max_num_queries(_limit(INTAKE_QUERIES, INTAKE_QUERIES_POSTGRESQL)):
        response = _post(client, "/api/v1/intake/complaints", _body(personas))

    assert response.status_code == 201
    assert Complaint.objects.count() == 2


def test_the_status_look_up_takes_a_fixed_number_of_queries(personas, django_assert_max_num_queries):
    receipt = file_case(personas)
    for n in range(5):  # more messages do not mean more queries
        services.complaint_message_send(
            actor=actor(personas.investigator), complaint=_assigned(personas, receipt), text=f"Update {n}"
        )
    client = Client()
    pair = {"case_code": receipt.case_code, "secret": receipt.secret}
    _post(client, "/api/v1/intake/status", pair)

    with django_assert_max_num_queries(_limit(STATUS_QUERIES, STATUS_QUERIES_POSTGRESQL)):
        response = _post(client, "/api/v1/intake/status", pair)

    assert response.status_code == 200 and len(response.json()["messages"]) == 5


def _assigned(personas, receipt):
    complaint = receipt.complaint
    complaint.refresh_from_db()
    return complaint
