"""The audits API: scoped reads, the monitor's steps, and the public remediation endpoint."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.audits.conftest import CANARY, item_in_state
from tests.conftest import login
from wsr.core.events import events_for_object
from wsr.demo.audits import demo_png

pytestmark = pytest.mark.django_db


def test_the_supplier_reports_and_the_monitor_verifies_through_the_api(personas, finding):
    item = item_in_state(personas, finding, "in_progress")
    base = f"/api/v1/audits/cap/{item.public_id}"
    supplier = login(Client(), personas.supplier_x)
    photo = SimpleUploadedFile("fix.jpg", demo_png(), content_type="image/png")
    response = supplier.post(f"{base}/report-fixed?program={personas.program.slug}", {"note": "done", "photo": photo})
    assert response.status_code == 200 and response.json()["state"] == "reported_fixed"
    response = login(Client(), personas.investigator).post(
        f"{base}/verify?program={personas.program.slug}", {"note": "ok"}, content_type="application/json"
    )
    assert response.json()["state"] == "verified_fixed"
    assert events_for_object(item).first().verb == "cap_item_verified"


def test_verifying_an_item_not_reported_is_a_400_with_the_reason(personas, finding):
    item = item_in_state(personas, finding, "in_progress")
    response = login(Client(), personas.investigator).post(
        f"/api/v1/audits/cap/{item.public_id}/verify?program={personas.program.slug}",
        {},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["code"] == "transition_not_allowed"


def test_findings_carry_internal_text_only_for_program_staff(personas, finding):
    url = f"/api/v1/audits/findings?program={personas.program.slug}"
    staff = login(Client(), personas.investigator).get(url).json()
    supplier = login(Client(), personas.supplier_x).get(url).json()
    assert CANARY in staff[0]["internal_text"]
    assert supplier[0]["internal_text"] is None and supplier[0]["public_summary"]


def test_audits_report_interview_coverage(personas, audit):
    from tests.audits.conftest import actor
    from wsr.audits.services import audit_fieldwork_record

    audit_fieldwork_record(
        actor=actor(personas.auditor),
        audit=audit,
        workforce_on_day=300,
        workers_interviewed=160,
        managers_interviewed=4,
        documents_reviewed=["payroll"],
    )
    [row] = login(Client(), personas.council_admin).get(f"/api/v1/audits/audits?program={personas.program.slug}").json()
    assert (row["interview_share_percent"], row["interview_norm_met"]) == (53, True)


def test_the_public_endpoint_needs_no_login_and_shows_progress(personas, finding):
    item_in_state(personas, finding, "verified_fixed")
    item_in_state(personas, finding, "drafted")
    body = Client().get(f"/api/v1/audits/public/facilities/{personas.facility_x.public_id}").json()
    [program] = body["programs"]
    assert program["remediation"]["overall"] == {"verified": 1, "total": 2, "percent": 50}
    assert program["remediation"]["by_category"][0]["category"] == "health_safety"
    assert CANARY not in str(body)
