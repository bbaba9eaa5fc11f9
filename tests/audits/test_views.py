"""The pages: each role sees what it may, the supplier reports with a photo, the monitor verifies,
the public sees only progress and public summaries (canary on the internal text)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.audits.conftest import CANARY, actor, item_in_state, record_finding, rostered
from tests.conftest import login
from wsr.audits import services as s
from wsr.audits.models import CapItem, IndependenceDecision
from wsr.core import clock
from wsr.core.events import events_for_object
from wsr.core.models import TransparencyEntry
from wsr.demo.audits import demo_png

pytestmark = pytest.mark.django_db


def as_(user):
    return login(Client(), user)


def test_the_supplier_reports_a_fix_with_a_photo_and_the_monitor_verifies_it(personas, finding):
    item = item_in_state(personas, finding, "in_progress")
    url = f"/audits/{personas.program.slug}/cap/{item.public_id}/"
    photo = SimpleUploadedFile("fix.png", demo_png(), content_type="image/png")
    response = as_(personas.supplier_x).post(url + "report/", {"note": "Shade built", "photo": photo})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == "reported_fixed" and item.report_note == "Shade built"
    assert events_for_object(item).first().verb == "cap_item_reported_fixed"
    evidence = item.evidence.get()
    # the supplier can see its own photo; brand A (buyer) cannot download it
    assert (
        as_(personas.supplier_x).get(f"/audits/{personas.program.slug}/evidence/{evidence.public_id}/").status_code
        == 200
    )
    assert (
        as_(personas.brand_a).get(f"/audits/{personas.program.slug}/evidence/{evidence.public_id}/").status_code == 404
    )
    response = as_(personas.investigator).post(url + "verify/", {"note": "seen on site"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == "verified_fixed" and item.verified_by == personas.investigator
    page = as_(personas.brand_a).get(f"/audits/{personas.program.slug}/facilities/{personas.facility_x.public_id}/")
    assert 'data-testid="progress-percent">100%' in page.content.decode()


def test_a_fake_photo_is_refused_with_a_message_and_nothing_changes(personas, finding):
    item = item_in_state(personas, finding, "in_progress")
    fake = SimpleUploadedFile("fix.png", b"<script>alert(1)</script>", content_type="image/png")
    response = as_(personas.supplier_x).post(
        f"/audits/{personas.program.slug}/cap/{item.public_id}/report/", {"note": "x", "photo": fake}
    )
    assert response.status_code == 200 and "photo (PNG, JPEG, WebP) or a PDF" in response.content.decode()
    item.refresh_from_db()
    assert item.state == "in_progress" and not item.evidence.exists()


def test_brand_a_sees_cap_items_only_at_facilities_it_buys_from(personas, audit):
    x = item_in_state(personas, record_finding(personas, audit), "agreed", action="Shade at X")
    finding_y = s.finding_record(
        actor=actor(personas.council_admin),
        program=personas.program,
        facility=personas.facility_y,
        source="inspection",
        provision_ref="3.1",
        observed_on=clock.today(),
        internal_text="internal y",
        public_summary="Public summary at Y",
    )
    y = item_in_state(personas, finding_y, "agreed", action="Payslips at Y")
    page = as_(personas.brand_a).get(f"/audits/{personas.program.slug}/cap/").content.decode()
    assert x.public_id in page and y.public_id not in page
    assert as_(personas.brand_a).get(f"/audits/{personas.program.slug}/cap/{y.public_id}/").status_code == 404
    api = as_(personas.brand_a).get(f"/api/v1/audits/cap?program={personas.program.slug}").json()
    assert [i["public_id"] for i in api] == [x.public_id]
    staff = as_(personas.council_admin).get(f"/api/v1/audits/cap?program={personas.program.slug}").json()
    assert {i["public_id"] for i in staff} == {x.public_id, y.public_id}


def test_a_brand_that_stopped_buying_no_longer_sees_the_facility(personas, finding):
    from wsr.registry.models import SourcingRelation

    item = item_in_state(personas, finding, "agreed")
    SourcingRelation.objects.filter(brand=personas.brand_a.organisation).update(
        until=clock.today() - dt.timedelta(days=1)
    )
    assert as_(personas.brand_a).get(f"/audits/{personas.program.slug}/cap/{item.public_id}/").status_code == 404


def test_the_internal_text_never_reaches_the_public_brands_or_suppliers(personas, finding):
    item_in_state(personas, finding, "verified_fixed")
    item_in_state(personas, finding, "in_progress")
    slug, fx = personas.program.slug, personas.facility_x.public_id
    public_urls = [f"/audits/public/{fx}/", f"/api/v1/audits/public/facilities/{fx}"]
    scoped_urls = [
        f"/audits/{slug}/facilities/{fx}/",
        f"/audits/{slug}/findings/{finding.public_id}/",
        f"/audits/{slug}/cap/",
        f"/api/v1/audits/findings?program={slug}",
        f"/api/v1/audits/cap?program={slug}",
    ]
    public_page = Client().get(public_urls[0]).content.decode()
    assert "Shade was missing near one crew" in public_page and 'data-testid="progress-percent">50%' in public_page
    assert Client().get(public_urls[1]).json()["programs"][0]["remediation"]["overall"]["percent"] == 50
    for url in public_urls:
        assert CANARY not in Client().get(url).content.decode(), url
    for user in (personas.brand_a, personas.supplier_x):
        client = as_(user)
        for url in scoped_urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert CANARY not in response.content.decode(), (user.username, url)
    for entry in TransparencyEntry.objects.all():
        assert CANARY not in str(entry.payload)
    # program staff do read it
    assert CANARY in as_(personas.worker_org_staff).get(scoped_urls[1]).content.decode()


def test_the_public_page_of_an_unknown_facility_is_404(personas):
    assert Client().get("/audits/public/fac_0000000000000000/").status_code == 404


def test_the_cap_export_is_a_csv_of_the_programs_items_without_internal_text(personas, finding):
    item = item_in_state(personas, finding, "reported_fixed", action='=HYPERLINK("http://x")')
    response = as_(personas.investigator).get(f"/audits/{personas.program.slug}/cap/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["cap_item"] for r in rows] == [item.public_id]
    assert rows[0]["state"] == "reported_fixed" and rows[0]["facility"] == personas.facility_x.public_id
    assert rows[0]["action"].startswith("'=")  # no formula injection
    assert CANARY not in response.content.decode()


def test_assigning_a_conflicted_auditor_through_the_page_shows_the_reason(personas, code):
    entry = rostered(personas)
    admin = actor(personas.council_admin)
    s.commercial_tie_add(
        actor=admin,
        program=personas.program,
        auditor_organisation=personas.auditor.organisation,
        brand=personas.brand_a.organisation,
        since=dt.date(2024, 1, 1),
    )
    audit = s.audit_plan(
        actor=admin, program=personas.program, facility=personas.facility_x, kind="periodic", planned_on=clock.today()
    )
    response = as_(personas.council_admin).post(
        f"/audits/{personas.program.slug}/audits/{audit.public_id}/assign/", {"auditor": entry.public_id}
    )
    assert response.status_code == 200
    assert "commercial tie to Brand A Foods" in response.content.decode()
    assert IndependenceDecision.objects.get(audit=audit).allowed is False
    detail = as_(personas.worker_org_staff).get(f"/audits/{personas.program.slug}/audits/{audit.public_id}/")
    assert "commercial tie to Brand A Foods" in detail.content.decode()


def test_the_auditor_records_fieldwork_and_the_page_shows_the_interview_norm(personas, audit):
    url = f"/audits/{personas.program.slug}/audits/{audit.public_id}/"
    response = as_(personas.auditor).post(
        url + "fieldwork/",
        {
            "workforce_on_day": 200,
            "workers_interviewed": 90,
            "managers_interviewed": 2,
            "documents_reviewed": ["payroll"],
        },
    )
    assert response.status_code == 302
    page = as_(personas.council_admin).get(url).content.decode()
    assert "45%" in page and "norm of 51% not met" in page


def test_the_scorecard_compares_the_facility_with_the_program_average(personas, audit):
    from wsr.programs.services import program_season_add

    today = clock.today()
    program_season_add(
        actor=actor(personas.council_admin),
        program=personas.program,
        name="this season",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
    )
    item_in_state(personas, record_finding(personas, audit, ref="2.1"), "verified_fixed")
    item_in_state(personas, record_finding(personas, audit, ref="2.1"), "agreed")
    from wsr.audits.selectors import scorecard, season_for

    card = scorecard(personas.program, personas.facility_x, season_for(personas.program))
    row = next(r for r in card.rows if r.category == "health_safety")
    # two facilities in the program: X has 2 findings, the program 1.0 per facility
    assert (row.findings, row.program_findings_average, row.findings_vs_average) == (2, "1.0", "worse")
    assert (row.remediation, row.program_remediation) == (50, 50)
    page = as_(personas.supplier_x).get(f"/audits/{personas.program.slug}/scorecards/{personas.facility_x.public_id}/")
    assert page.status_code == 200 and "Health and safety" in page.content.decode()


def test_the_scorecard_counts_complaints_when_the_complaints_app_has_them(personas, audit):
    from wsr.audits.selectors import complaint_counts

    try:
        from wsr.complaints.services import complaint_intake
    except ImportError:  # the complaints app is not built yet: nothing to count
        assert complaint_counts(personas.program, clock.today(), clock.today()) == {}
        return
    from wsr.core.permissions import Actor

    complaint_intake(
        actor=Actor.anonymous("complainant"),
        program=personas.program,
        channel="web",
        facility=personas.facility_x,
        facility_name="",
        category="health_safety",
        description="No water in the field",
        language="en",
        anonymous=True,
    )
    counts = complaint_counts(personas.program, clock.today() - dt.timedelta(days=1), clock.today())
    assert counts == {(personas.facility_x.pk, "health_safety"): 1}


def test_cap_items_are_listed_with_an_overdue_tag(personas, finding):
    item_in_state(personas, finding, "agreed", due_on=clock.today() - dt.timedelta(days=1))
    page = as_(personas.supplier_x).get(f"/audits/{personas.program.slug}/cap/").content.decode()
    assert "overdue" in page
    assert CapItem.objects.count() == 1
