"""The public program report of a season: figures equal to the data constructed here (through
the domains' services), charts that are tables, the PDF with the Bengali font, the CSV of the
figures, and nothing non-public in any of them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine

from tests.audits.conftest import CANARY, item_in_state, record_finding, started_audit
from tests.complaints.staff_helpers import actor, adopt_code, advance, file_case
from tests.core.test_pdf import embedded_fonts
from tests.standing.conftest import admit
from wsr.complaints import services
from wsr.disclosure.report import program_report, season_key
from wsr.education.models import Session
from wsr.programs.models import ReportingSeason
from wsr.standing.services import standing_decide

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)
NARRATIVE = "Crew boss Obadiah took our water CANARY-NARRATIVE-41"


def _seasons(program: Any) -> tuple[ReportingSeason, ReportingSeason]:
    this = ReportingSeason.objects.create(
        program=program, name="2025", starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 9, 30)
    )
    last = ReportingSeason.objects.create(
        program=program, name="2024", starts_on=dt.date(2024, 4, 1), ends_on=dt.date(2024, 9, 30)
    )
    return this, last


def _url(personas: Any, tail: str = "") -> str:
    return f"/p/{personas.program.slug}/report/2025/{tail}"


def _csv(response: Any) -> dict[tuple[str, str, str], str]:
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["program", "season", "section", "measure", "key", "value", "unit"]
    return {(r[2], r[3], r[4]): r[5] for r in rows[1:]}


def _known_complaints(personas: Any) -> None:
    """Four cases in the 2025 season (one out of scope, one open, resolved after 5 and 20 days)
    and one case in the 2024 season."""
    adopt_code(personas)
    inv = actor(personas.investigator)
    with time_machine.travel(dt.datetime(2024, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        file_case(personas, category="wages_hours")
    with time_machine.travel(T0, tick=False) as traveller:
        quick = file_case(personas, category="wages_hours", description=NARRATIVE).complaint
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


def test_complaint_figures_of_the_season(personas, client):
    this, _last = _seasons(personas.program)
    _known_complaints(personas)

    report = program_report(personas.program, this)

    stats = report.complaints.stats
    assert stats.total == 4 and stats.in_scope == 3 and stats.resolved == 2  # not the 2024 case
    assert [(b.key, b.value, b.width) for b in report.complaints.resolved_within] == [
        ("7", 33, 33),
        ("14", 33, 33),
        ("30", 67, 67),
    ]
    assert stats.median_days_to_resolution == 12.5
    assert [(b.key, b.value, b.width) for b in report.complaints.by_category] == [
        ("health_safety", 2, 100),
        ("other", 1, 50),
        ("wages_hours", 1, 50),
    ]
    assert {b.key: b.value for b in report.complaints.by_channel} == {"web": 2, "sms": 1, "api": 1}

    html = client.get(_url(personas)).content.decode()
    assert 'data-testid="median-days">12.5<' in html
    assert "Health and safety" in html and "67 %" in html
    assert 'width="67"' in html  # the bar of "within 30 days", drawn by the server
    assert NARRATIVE not in html

    figures = _csv(client.get(_url(personas, "report.csv")))
    assert figures[("complaints", "received", "")] == "4"
    assert figures[("complaints", "resolved_within_days", "7")] == "33"
    assert figures[("complaints", "resolved_within_days", "30")] == "67"
    assert figures[("complaints", "median_days_to_resolution", "")] == "12.5"
    assert figures[("complaints", "by_channel", "sms")] == "1"
    assert figures[("complaints", "by_category", "health_safety")] == "2"


def test_audits_findings_enforcement_with_log_links(personas, client):
    this, _last = _seasons(personas.program)
    with time_machine.travel(T0, tick=False):
        from tests.standards.conftest import build_code

        build_code(personas)
        admit(personas, personas.facility_x, personas.facility_y)  # two initial audits: 60 of 100 interviewed each
        audit = started_audit(personas, kind="periodic")
        finding = record_finding(personas, audit)
        item_in_state(personas, finding, "verified_fixed")
        item_in_state(personas, finding, "in_progress")
        standing_decide(
            actor=actor(personas.council_admin),
            program=personas.program,
            facilities=[personas.facility_x],
            target="suspended",
            grounds="zero_tolerance",
            reason="Confirmed forced labour.",
        )

    report = program_report(personas.program, this)

    assert report.audits.completed == 2 and report.audits.facilities == 2
    assert report.audits.workers_interviewed == 120 and report.audits.interviewed_percent == 60
    assert {b.key: b.value for b in report.audits.by_kind} == {"initial": 2}  # the periodic one is not completed
    assert report.findings.findings == 1 and report.findings.items == 2 and report.findings.remediation_percent == 50
    actions = report.enforcement.actions
    assert (actions[0].facility_name, actions[0].after) == (personas.facility_x.name, "suspended")
    assert sorted(a.after for a in actions) == ["participating", "participating", "suspended"]
    assert all(a.log_seq for a in actions)
    assert {b.key: b.value for b in report.enforcement.chart} == {"probation": 0, "suspended": 1, "terminated": 0}

    html = client.get(_url(personas)).content.decode()
    suspension = actions[0]
    assert f'href="/p/{personas.program.slug}/log/{suspension.log_seq}/"' in html
    log = client.get(f"/p/{personas.program.slug}/log/{suspension.log_seq}/").content.decode()
    assert personas.facility_x.public_id in log and "suspended" in log
    assert CANARY not in html  # a finding's internal text never reaches the report
    figures = _csv(client.get(_url(personas, "report.csv")))
    assert figures[("audits", "workers_interviewed", "")] == "120"
    category = report.findings.rows[0].category
    assert figures[("findings", "corrective_actions", category)] == "2"
    assert figures[("findings", "corrective_actions_verified", category)] == "1"
    assert figures[("enforcement", "standing_changes_to", "suspended")] == "1"


def test_education_coverage(personas, client):
    this, _last = _seasons(personas.program)
    fx, fy = personas.facility_x, personas.facility_y  # 250 workers each (factory)
    day = dt.date(2025, 5, 1)
    common = {"program": personas.program, "season": this, "language": "en", "kind": "periodic"}
    Session.objects.create(facility=fx, held_on=day, on_the_clock=True, attendees=40, new_workers=40, **common)
    Session.objects.create(facility=fx, held_on=day, on_the_clock=True, attendees=30, new_workers=10, **common)
    Session.objects.create(facility=fy, held_on=day, on_the_clock=False, attendees=25, new_workers=25, **common)
    Session.objects.create(
        facility=fy,
        held_on=day,
        on_the_clock=True,
        attendees=99,
        new_workers=99,
        withdrawn_at=T0,
        **common,
    )

    education = program_report(personas.program, this).education

    assert (education.sessions, education.on_the_clock, education.attendees, education.reached) == (3, 2, 95, 75)
    assert education.coverage_percent == 15  # 75 of 500, rounded down
    assert (education.facilities, education.facilities_meeting_norm, education.norm) == (2, 1, 2)
    html = client.get(_url(personas)).content.decode()
    assert "1 of 2 facilities held the 2 sessions" in html


def test_premium_section_shows_the_ledger_totals_when_it_answers(personas, client, monkeypatch):
    this, _last = _seasons(personas.program)

    @dataclass(frozen=True)
    class Totals:
        owed_minor: int
        paid_minor: int
        distributed_minor: int
        currency: str

    calls = []

    def premium_totals(*, program, start, end, brand=None, facility=None):
        calls.append((program.slug, start, end))
        return Totals(1_000_000, 800_000, 600_000, "USD")

    # The ledger's own tests check premium_totals against real purchases and payments; here the
    # report's arithmetic and wording are checked on round figures.
    monkeypatch.setattr("wsr.disclosure.report.premium_totals", premium_totals)

    html = client.get(_url(personas)).content.decode()

    assert calls[-1] == (personas.program.slug, this.starts_on, this.ends_on)
    assert "10,000.00 USD" in html and "8,000.00 USD" in html and "6,000.00 USD" in html
    assert "80 % of the premium owed has been paid." in html
    assert "75 % of the premium paid has reached the workers." in html
    figures = _csv(client.get(_url(personas, "report.csv")))
    assert figures[("premium", "owed", "")] == "1000000"
    assert figures[("premium", "distributed", "")] == "600000"


def test_pdf_in_bengali_carries_the_bengali_font(personas, client):
    personas.program.languages = ["bn", "en"]
    personas.program.save(update_fields=["languages"])
    _seasons(personas.program)

    response = client.get(_url(personas, "report.pdf?lang=bn"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="fair-harvest-report-2025.bn.pdf"' in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert "WSR-Noto-Sans-Bengali" in embedded_fonts(pdf)


def test_pdf_html_holds_the_figures_and_nothing_private(personas, client, monkeypatch):
    _seasons(personas.program)
    _known_complaints(personas)
    seen: list[str] = []

    def fake_render(html: str, **kwargs: Any) -> bytes:
        seen.append(html)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr("wsr.core.pdf.render_pdf", fake_render)

    response = client.get(_url(personas, "report.pdf"))

    assert response.content == b"%PDF-1.7 fake"
    html = seen[0]
    assert "12.5" in html and "67 %" in html
    assert "css/public-report-pdf.css" in html
    assert NARRATIVE not in html


def test_report_pages_and_unknown_seasons(personas, client):
    this, last = _seasons(personas.program)

    index = client.get(f"/p/{personas.program.slug}/report/").content.decode()

    assert index.index(f"/report/{season_key(this)}/") < index.index(f"/report/{season_key(last)}/")
    assert client.get(f"/p/{personas.program.slug}/report/1999/").status_code == 404
    assert client.get(f"/p/{personas.program.slug}/report/1999/report.csv").status_code == 404
    assert client.get(f"/p/{personas.other_program.slug}/report/2025/").status_code == 404  # another program's
    bengali = client.get(_url(personas, "?lang=bn")).content.decode()
    assert '<html lang="bn"' in bengali


def test_premium_section_with_the_ledger_and_nothing_recorded(personas, client):
    _seasons(personas.program)

    html = client.get(_url(personas)).content.decode()

    assert "Owed by brands" in html and "0.00 USD" in html  # the ledger answers: nothing owed yet
