"""Audit, roster, finding and CAP services: new state AND the event row, every time."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.audits.conftest import CANARY, actor, item_in_state, record_finding, rostered, started_audit
from tests.factories import OrganisationFactory
from wsr.accounts.roles import OrgKind
from wsr.audits import selectors as sel
from wsr.audits import services as s
from wsr.audits.models import CapItem, Evidence, IndependenceDecision
from wsr.core import clock
from wsr.core.errors import CapabilityMissing, DomainError, NotFound, TransitionNotAllowed
from wsr.core.events import events_for_object
from wsr.core.models import Event, TransparencyEntry
from wsr.demo.audits import demo_png

pytestmark = pytest.mark.django_db


def last_event(obj):
    return events_for_object(obj).first()


# --- roster --------------------------------------------------------------------------------------


def test_the_worker_organisation_approves_the_roster_and_the_approval_is_recorded(personas):
    entry = s.roster_propose(actor=actor(personas.council_admin), program=personas.program, user=personas.auditor)
    assert entry.state == "proposed" and last_event(entry).verb == "auditor_proposed"
    with pytest.raises(CapabilityMissing):
        s.roster_decide(actor=actor(personas.council_admin), entry=entry, approve=True)
    s.roster_decide(actor=actor(personas.worker_org_staff), entry=entry, approve=True, note="assembly vote")
    entry.refresh_from_db()
    assert entry.state == "approved"
    assert entry.decided_by == personas.worker_org_staff
    assert entry.decided_by_organisation == personas.program.worker_organisation
    event = last_event(entry)
    assert (event.verb, event.before, event.after) == ("auditor_approved", "proposed", "approved")
    published = TransparencyEntry.objects.get(kind="auditor_rostered")
    assert published.payload["roster_entry"] == entry.public_id
    assert personas.auditor.username not in str(published.payload)  # no names in the public log


def test_a_named_auditor_of_an_audit_firm_can_be_proposed_and_rejected_with_a_reason(personas):
    firm = OrganisationFactory(name="Field Checks Inc", kind=OrgKind.AUDIT_FIRM)
    entry = s.roster_propose(
        actor=actor(personas.council_admin), program=personas.program, name="Ana Ruiz", organisation=firm
    )
    with pytest.raises(DomainError):
        s.roster_decide(actor=actor(personas.worker_org_staff), entry=entry, approve=False)
    s.roster_decide(actor=actor(personas.worker_org_staff), entry=entry, approve=False, note="no Spanish")
    entry.refresh_from_db()
    assert entry.state == "rejected" and last_event(entry).reason == "no Spanish"


def test_only_auditor_role_holders_or_audit_firm_people_can_be_proposed(personas):
    with pytest.raises(DomainError):
        s.roster_propose(actor=actor(personas.council_admin), program=personas.program, user=personas.brand_a)
    with pytest.raises(DomainError):
        s.roster_propose(
            actor=actor(personas.council_admin),
            program=personas.program,
            name="Someone",
            organisation=personas.brand_a.organisation,
        )


def test_only_approved_rostered_auditors_can_be_assigned(personas, code):
    admin = actor(personas.council_admin)
    entry = s.roster_propose(actor=admin, program=personas.program, user=personas.auditor)
    audit = s.audit_plan(
        actor=admin, program=personas.program, facility=personas.facility_x, kind="initial", planned_on=clock.today()
    )
    with pytest.raises(DomainError, match="approved by the worker organisation"):
        s.audit_auditor_assign(actor=admin, audit=audit, auditor=entry)
    assert not audit.team.exists()


# --- independence --------------------------------------------------------------------------------


def test_a_conflicted_auditor_is_refused_with_the_reason_recorded(personas, code):
    # given the auditor's firm works for brand A, which buys from facility X
    admin = actor(personas.council_admin)
    entry = rostered(personas)
    s.commercial_tie_add(
        actor=admin,
        program=personas.program,
        auditor_organisation=personas.auditor.organisation,
        brand=personas.brand_a.organisation,
        since=dt.date(2024, 1, 1),
        description="certification contract",
    )
    audit = s.audit_plan(
        actor=admin, program=personas.program, facility=personas.facility_x, kind="periodic", planned_on=clock.today()
    )
    # when the admin assigns the auditor
    with pytest.raises(s.AuditorNotIndependent) as err:
        s.audit_auditor_assign(actor=admin, audit=audit, auditor=entry)
    # then it is refused, with the reason, and the refusal is recorded (decision row and event)
    assert "Brand A Foods" in str(err.value.message)
    assert not audit.team.exists()
    decision = IndependenceDecision.objects.get(audit=audit)
    assert decision.allowed is False and decision.reasons[0]["code"] == "commercial_tie"
    event = Event.objects.get(verb="auditor_refused", object_public_id=audit.public_id)
    assert "commercial tie to Brand A Foods" in event.reason
    # and at facility Y (bought by brand B only) the same auditor is independent
    audit_y = s.audit_plan(
        actor=admin, program=personas.program, facility=personas.facility_y, kind="periodic", planned_on=clock.today()
    )
    s.audit_auditor_assign(actor=admin, audit=audit_y, auditor=entry)
    assert IndependenceDecision.objects.get(audit=audit_y).allowed is True
    assert Event.objects.filter(verb="auditor_assigned", object_public_id=audit_y.public_id).exists()


def test_an_auditor_who_audited_the_facility_for_a_brand_is_refused_during_the_cooling_off(personas, code, settings):
    settings.WSR_AUDIT_COOLING_OFF_MONTHS = 12
    admin = actor(personas.council_admin)
    earlier = started_audit(personas, commissioned_by=personas.brand_a.organisation)
    assert earlier.commissioned_by == personas.brand_a.organisation
    entry = earlier.team.get().auditor
    later = s.audit_plan(
        actor=admin,
        program=personas.program,
        facility=personas.facility_x,
        kind="follow_up",
        planned_on=clock.today() + dt.timedelta(days=90),
    )
    with pytest.raises(s.AuditorNotIndependent, match="cooling-off"):
        s.audit_auditor_assign(actor=admin, audit=later, auditor=entry)
    # after the cooling-off period the same auditor may audit it again
    settings.WSR_AUDIT_COOLING_OFF_MONTHS = 2
    s.audit_auditor_assign(actor=admin, audit=later, auditor=entry)
    assert later.team.filter(auditor=entry).exists()


# --- audits and interview coverage ---------------------------------------------------------------


def test_fieldwork_records_interview_coverage_against_the_program_norm(personas, audit):
    auditor = actor(personas.auditor)
    s.audit_fieldwork_record(
        actor=auditor,
        audit=audit,
        workforce_on_day=250,
        workers_interviewed=120,
        managers_interviewed=3,
        documents_reviewed=["payroll", "time_records", "housing"],
    )
    audit.refresh_from_db()
    coverage = sel.interview_coverage(audit)
    assert (coverage.share_percent, coverage.norm_percent, coverage.met) == (48, 51, False)
    s.audit_fieldwork_record(
        actor=auditor,
        audit=audit,
        workforce_on_day=250,
        workers_interviewed=128,
        managers_interviewed=3,
        documents_reviewed=["payroll"],
    )
    audit.refresh_from_db()
    assert sel.interview_coverage(audit).met is True
    assert last_event(audit).data["workers_interviewed"] == 128
    s.audit_complete(actor=auditor, audit=audit)
    audit.refresh_from_db()
    assert audit.state == "completed" and last_event(audit).verb == "audit_completed"
    payload = TransparencyEntry.objects.get(kind="audit_completed").payload
    assert payload["interview_norm_met"] is True and payload["workers_interviewed"] == 128


def test_fieldwork_is_refused_when_more_workers_are_interviewed_than_work_there(personas, audit):
    with pytest.raises(DomainError):
        s.audit_fieldwork_record(
            actor=actor(personas.auditor),
            audit=audit,
            workforce_on_day=10,
            workers_interviewed=11,
            managers_interviewed=0,
            documents_reviewed=[],
        )


def test_only_an_auditor_on_the_team_performs_the_audit(personas, code):
    admin = actor(personas.council_admin)
    rostered(personas)
    audit = s.audit_plan(
        actor=admin, program=personas.program, facility=personas.facility_x, kind="initial", planned_on=clock.today()
    )
    with pytest.raises(DomainError, match="team"):
        s.audit_start(actor=actor(personas.auditor), audit=audit, performed_on=clock.today())
    with pytest.raises(CapabilityMissing):
        s.audit_start(actor=admin, audit=audit, performed_on=clock.today())


def test_an_audit_is_cancelled_with_a_reason(personas, code):
    admin = actor(personas.council_admin)
    audit = s.audit_plan(
        actor=admin, program=personas.program, facility=personas.facility_y, kind="re_entry", planned_on=clock.today()
    )
    s.audit_cancel(actor=admin, audit=audit, reason="storm")
    audit.refresh_from_db()
    assert audit.state == "cancelled" and last_event(audit).reason == "storm"
    with pytest.raises(TransitionNotAllowed):
        s.audit_cancel(actor=admin, audit=audit, reason="again")


# --- findings ------------------------------------------------------------------------------------


def test_a_finding_cites_the_provision_in_force_and_takes_its_severity_from_the_tier(personas, audit, code):
    finding = record_finding(personas, audit, ref="1.1")
    assert finding.code_version == code
    assert (finding.provision_ref, finding.category, finding.severity) == ("1.1", "forced_labour", "zero_tolerance")
    assert finding.provision.version_id == code.pk
    assert last_event(finding).verb == "finding_recorded"
    payload = TransparencyEntry.objects.get(kind="finding_recorded").payload
    assert payload["severity"] == "zero_tolerance"
    assert CANARY not in str(payload) and "Shade" not in str(payload)


def test_a_finding_is_refused_for_a_provision_not_in_the_code_in_force(personas, audit):
    with pytest.raises(DomainError, match=r"9\.9"):
        record_finding(personas, audit, ref="9.9")


def test_a_finding_before_any_code_was_in_force_is_refused(personas, code):
    with pytest.raises(DomainError):
        s.finding_record(
            actor=actor(personas.council_admin),
            program=personas.program,
            facility=personas.facility_x,
            source="inspection",
            provision_ref="2.1",
            observed_on=code.effective_from - dt.timedelta(days=1),
            internal_text="internal",
            public_summary="public",
        )


def test_a_complaint_finding_keeps_the_complaint_reference_as_text(personas, code):
    finding = s.finding_record(
        actor=actor(personas.council_admin),
        program=personas.program,
        facility=personas.facility_y,
        source="complaint",
        complaint_public_id="cmp_0123456789abcdef",
        provision_ref="3.1",
        observed_on=clock.today(),
        internal_text="Payslips lack hours.",
        public_summary="Payslips did not show hours worked.",
    )
    assert (finding.source, finding.complaint_public_id, finding.audit) == ("complaint", "cmp_0123456789abcdef", None)


def test_the_public_summary_must_be_written_separately(personas, audit):
    with pytest.raises(DomainError, match="separately"):
        s.finding_record(
            actor=actor(personas.auditor),
            program=personas.program,
            facility=personas.facility_x,
            source="audit",
            audit=audit,
            provision_ref="2.1",
            internal_text="Same text",
            public_summary="Same text",
        )


def test_evidence_is_type_checked_by_its_first_bytes_and_size_limited(personas, finding, settings):
    admin = actor(personas.council_admin)
    evidence = s.finding_evidence_add(actor=admin, finding=finding, content=demo_png(), note="north field")
    assert (evidence.content_type, evidence.size) == ("image/png", len(demo_png()))
    assert evidence.file.read().startswith(b"\x89PNG")
    assert last_event(finding).data["evidence"] == evidence.public_id
    pdf = s.finding_evidence_add(actor=admin, finding=finding, content=b"%PDF-1.4\n%%EOF")
    assert pdf.content_type == "application/pdf"
    with pytest.raises(DomainError, match="photo"):
        s.finding_evidence_add(actor=admin, finding=finding, content=b"MZ\x90\x00 an executable named photo.png")
    settings.WSR_AUDIT_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(DomainError, match="larger"):
        s.finding_evidence_add(actor=admin, finding=finding, content=demo_png())
    assert Evidence.objects.filter(finding=finding).count() == 2


# --- CAP items -----------------------------------------------------------------------------------


def test_a_cap_item_goes_from_drafted_to_verified_with_an_event_at_every_step(personas, finding):
    item = item_in_state(personas, finding, "verified_fixed")
    assert item.state == "verified_fixed"
    assert item.reported_by_organisation == personas.supplier_x.organisation
    assert item.verified_by == personas.investigator
    verbs = [e.verb for e in events_for_object(item).order_by("occurred_at", "id")]
    assert verbs == [
        "cap_item_drafted",
        "cap_item_agreed",
        "cap_item_started",
        "cap_item_reported_fixed",
        "cap_item_verified",
    ]
    photo = item.evidence.get()
    assert photo.content_type == "image/png" and photo.uploaded_by_organisation == personas.supplier_x.organisation
    assert TransparencyEntry.objects.filter(kind="cap_item_verified", payload__cap_item=item.public_id).exists()


def test_a_fix_cannot_be_reported_without_a_photo(personas, finding):
    item = item_in_state(personas, finding, "in_progress")
    with pytest.raises(DomainError, match="photo"):
        s.cap_item_report_fixed(actor=actor(personas.supplier_x), item=item, note="done", photo=None)
    item.refresh_from_db()
    assert item.state == "in_progress"


def test_only_the_owning_supplier_reports_a_fix(personas, finding):
    item = item_in_state(personas, finding, "in_progress")
    with pytest.raises(NotFound):
        s.cap_item_report_fixed(actor=actor(personas.supplier_y), item=item, note="x", photo=demo_png())
    with pytest.raises(CapabilityMissing):
        s.cap_item_report_fixed(actor=actor(personas.brand_a), item=item, note="x", photo=demo_png())


def test_a_reopened_item_goes_back_to_work_and_keeps_the_reason(personas, finding):
    item = item_in_state(personas, finding, "reopened")
    assert item.reopen_reason == "still missing"
    assert last_event(item).verb == "cap_item_reopened"
    s.cap_item_start(actor=actor(personas.supplier_x), item=item)
    item.refresh_from_db()
    assert item.state == "in_progress"


def test_an_item_cannot_skip_reported_fixed(personas, finding):
    item = item_in_state(personas, finding, "in_progress")
    with pytest.raises(TransitionNotAllowed):
        s.cap_item_verify(actor=actor(personas.investigator), item=item)
    item.refresh_from_db()
    assert item.state == "in_progress"


def test_agreeing_needs_an_owner_a_due_date_and_who_pays(personas, finding):
    item = s.cap_item_draft(actor=actor(personas.council_admin), finding=finding, action="Fix it", owner="")
    with pytest.raises(DomainError):
        s.cap_item_agree(actor=actor(personas.council_admin), item=item)


def test_funding_is_in_minor_units_and_only_from_the_supplier_or_buying_brands(personas, finding):
    admin = actor(personas.council_admin)
    item = s.cap_item_draft(
        actor=admin,
        finding=finding,
        action="Build shade",
        owner="Manager",
        due_on=clock.today(),
        payer="shared",
        funding=[
            s.FundingLine(personas.supplier_x.organisation, 150000, "USD"),
            s.FundingLine(personas.brand_a.organisation, 50000, "USD"),
        ],
    )
    assert sorted(item.funding.values_list("amount_minor", flat=True)) == [50000, 150000]
    with pytest.raises(DomainError, match="neither owns nor buys"):
        s.cap_item_draft(
            actor=admin,
            finding=finding,
            action="x",
            owner="y",
            payer="brands",
            funding=[s.FundingLine(personas.brand_b.organisation, 100, "USD")],
        )


def test_overdue_items_are_flagged_once_with_time_travel(personas, finding):
    start = clock.today()
    open_item = item_in_state(personas, finding, "in_progress", due_on=start + dt.timedelta(days=10))
    reported = item_in_state(personas, finding, "reported_fixed", due_on=start + dt.timedelta(days=10))
    drafted = item_in_state(personas, finding, "drafted", due_on=start + dt.timedelta(days=10))
    assert s.cap_overdue_sweep() == 0
    with time_machine.travel(dt.datetime.combine(start + dt.timedelta(days=11), dt.time(9), tzinfo=dt.UTC)):
        assert open_item.is_overdue
        assert s.cap_overdue_sweep() == 1
        assert s.cap_overdue_sweep() == 0  # idempotent
        open_item.refresh_from_db()
        assert open_item.overdue_since == start + dt.timedelta(days=11)
        assert Event.objects.filter(verb="cap_item_overdue", object_public_id=open_item.public_id).count() == 1
    for other in (reported, drafted):
        other.refresh_from_db()
        assert other.overdue_since is None


def test_the_sweep_command_reports_what_it_flagged(personas, finding):
    from io import StringIO

    from django.core.management import call_command

    item_in_state(personas, finding, "agreed", due_on=clock.today() - dt.timedelta(days=1))
    out = StringIO()
    call_command("cap_overdue_sweep", stdout=out)
    assert "1 item(s)" in out.getvalue()


# --- progress ------------------------------------------------------------------------------------


def test_progress_is_verified_over_all_overall_and_per_category(personas, audit):
    shade = record_finding(personas, audit, ref="2.1")  # health_safety
    wages = record_finding(personas, audit, ref="3.1")  # wages_hours
    for state in ("verified_fixed", "verified_fixed", "in_progress"):
        item_in_state(personas, shade, state)
    for state in ("verified_fixed", "drafted", "reopened", "reported_fixed"):
        item_in_state(personas, wages, state)
    remediation = sel.facility_remediation(personas.program, personas.facility_x)
    assert (remediation.overall.verified, remediation.overall.total, remediation.overall.percent) == (3, 7, 42)
    by = {c.category: c.progress for c in remediation.by_category}
    assert (by["health_safety"].verified, by["health_safety"].total, by["health_safety"].percent) == (2, 3, 66)
    assert (by["wages_hours"].verified, by["wages_hours"].total, by["wages_hours"].percent) == (1, 4, 25)
    assert remediation.series[-1] == (clock.today(), 42)


def test_progress_over_time_follows_the_event_dates(personas, finding):
    admin, monitor, supplier = actor(personas.council_admin), actor(personas.investigator), actor(personas.supplier_x)
    now = clock.now()
    items = [
        s.cap_item_draft(
            actor=admin, finding=finding, action=f"a{i}", owner="o", due_on=clock.today(), payer="supplier",
            at=now - dt.timedelta(days=100),
        )
        for i in range(4)
    ]  # fmt: skip
    for i, item in enumerate(items[:2]):
        s.cap_item_agree(actor=admin, item=item, at=now - dt.timedelta(days=90))
        s.cap_item_start(actor=supplier, item=item, at=now - dt.timedelta(days=80))
        s.cap_item_report_fixed(actor=supplier, item=item, note="", photo=demo_png(), at=now - dt.timedelta(days=70))
        s.cap_item_verify(actor=monitor, item=item, at=now - dt.timedelta(days=60 - 30 * i))
    series = sel.remediation_series(CapItem.objects.filter(finding=finding))
    assert series == [
        ((now - dt.timedelta(days=100)).date(), 0),
        ((now - dt.timedelta(days=60)).date(), 25),
        ((now - dt.timedelta(days=30)).date(), 50),
    ]
