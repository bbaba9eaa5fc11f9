"""Every workflow step: the new state and its event row."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.complaints.staff_helpers import actor, adopt_code, advance, file_case
from wsr.complaints import services
from wsr.complaints.models import Complaint
from wsr.core import clock
from wsr.core.errors import CapabilityMissing, DomainError, NotFound, TransitionNotAllowed
from wsr.core.events import events_for_object
from wsr.core.models import Event, TransparencyEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(personas):
    return adopt_code(personas)


def last_event(complaint):
    return events_for_object(complaint).order_by("-id").first()


def test_acknowledge(personas):
    c = file_case(personas).complaint
    services.complaint_acknowledge(actor=actor(personas.investigator), complaint=c)
    c.refresh_from_db()
    assert c.status == "acknowledged" and c.acknowledged_at is not None
    e = last_event(c)
    assert (e.verb, e.before, e.after) == ("complaint_acknowledged", "received", "acknowledged")


def test_acknowledge_needs_the_capability_and_the_program(personas):
    c = file_case(personas).complaint
    with pytest.raises(CapabilityMissing):
        services.complaint_acknowledge(actor=actor(personas.worker_org_staff), complaint=c)
    with pytest.raises(CapabilityMissing):
        services.complaint_acknowledge(actor=actor(personas.brand_a), complaint=c)
    elsewhere = file_case(personas, program=personas.other_program, facility=personas.facility_elsewhere).complaint
    with pytest.raises(NotFound):
        services.complaint_acknowledge(actor=actor(personas.investigator), complaint=elsewhere)


def test_triage_in_scope_cites_provisions_of_the_code_in_force(personas, code):
    c = advance(personas, file_case(personas).complaint, "acknowledged")
    services.complaint_triage_in_scope(actor=actor(personas.investigator), complaint=c, provision_refs=["2.1", "3.1"])
    c.refresh_from_db()
    assert c.status == "triaged_in_scope" and c.code_version == code and c.tier == "serious"
    assert sorted(c.provisions.values_list("ref", flat=True)) == ["2.1", "3.1"]
    assert not c.severe
    e = last_event(c)
    assert e.verb == "complaint_triaged_in_scope" and e.data["provisions"] == ["2.1", "3.1"]


def test_triage_on_a_zero_tolerance_provision_is_severe_and_priority(personas, code):
    c = advance(personas, file_case(personas).complaint, "acknowledged")
    services.complaint_triage_in_scope(
        actor=actor(personas.investigator), complaint=c, provision_refs=["1.1"], category="forced_labour"
    )
    c.refresh_from_db()
    assert c.severe and c.priority and c.tier == "zero_tolerance" and c.category == "forced_labour"


def test_triage_refuses_unknown_provisions_and_missing_code(personas):
    c = advance(personas, file_case(personas).complaint, "acknowledged")
    inv = actor(personas.investigator)
    with pytest.raises(DomainError) as info:
        services.complaint_triage_in_scope(actor=inv, complaint=c, provision_refs=["2.1"])
    assert info.value.code == "no_code_in_force"
    adopt_code(personas)
    with pytest.raises(DomainError) as info:
        services.complaint_triage_in_scope(actor=inv, complaint=c, provision_refs=["9.9"])
    assert info.value.code == "unknown_provision"
    with pytest.raises(DomainError) as info:
        services.complaint_triage_in_scope(actor=inv, complaint=c, provision_refs=[])
    assert info.value.code == "provision_required"
    c.refresh_from_db()
    assert c.status == "acknowledged"


def test_out_of_scope_then_forwarded_with_reason(personas):
    c = advance(personas, file_case(personas).complaint, "acknowledged")
    inv = actor(personas.investigator)
    services.complaint_triage_out_of_scope(actor=inv, complaint=c, reason="Not a covered farm")
    with pytest.raises(DomainError) as info:
        services.complaint_forward(actor=inv, complaint=c, forwarded_to="Labour office", reason="  ")
    assert info.value.code == "reason_required"
    services.complaint_forward(actor=inv, complaint=c, forwarded_to="State labour office", reason="Their remit")
    c.refresh_from_db()
    assert c.status == "forwarded" and c.forwarded_to == "State labour office" and c.closed_at
    e = last_event(c)
    assert (e.verb, e.after, e.reason) == ("complaint_forwarded", "forwarded", "Their remit")
    with pytest.raises(TransitionNotAllowed):
        services.complaint_triage_in_scope(actor=inv, complaint=c, provision_refs=["2.1"])


def test_retaliation_is_always_in_scope(personas, code):
    c = advance(personas, file_case(personas, category="retaliation").complaint, "acknowledged")
    with pytest.raises(DomainError) as info:
        services.complaint_triage_out_of_scope(actor=actor(personas.investigator), complaint=c, reason="no")
    assert info.value.code == "retaliation_always_in_scope"
    services.complaint_triage_in_scope(actor=actor(personas.investigator), complaint=c, provision_refs=["4.1"])
    c.refresh_from_db()
    assert c.status == "triaged_in_scope" and c.priority and c.severe


def test_assign_replaces_the_set_and_checks_people(personas, code):
    c = file_case(personas).complaint
    admin = actor(personas.council_admin)
    with pytest.raises(CapabilityMissing):
        services.complaint_assign(
            actor=actor(personas.investigator), complaint=c, investigators=[personas.investigator]
        )
    with pytest.raises(DomainError):
        services.complaint_assign(actor=admin, complaint=c, investigators=[personas.brand_a])
    services.complaint_assign(actor=admin, complaint=c, investigators=[personas.investigator, personas.council_admin])
    services.complaint_assign(actor=admin, complaint=c, investigators=[personas.investigator])
    assert list(c.assigned.all()) == [personas.investigator]
    assert last_event(c).data == {"investigators": ["investigator"]}


def test_investigation_needs_an_assigned_investigator(personas, code):
    c = advance(personas, file_case(personas).complaint, "triaged_in_scope")
    inv = actor(personas.investigator)
    with pytest.raises(DomainError) as info:
        services.complaint_investigation_start(actor=inv, complaint=c)
    assert info.value.code == "investigator_required"
    services.complaint_assign(actor=actor(personas.council_admin), complaint=c, investigators=[personas.council_admin])
    with pytest.raises(DomainError) as info:
        services.complaint_investigation_start(actor=inv, complaint=c)
    assert info.value.code == "not_assigned"
    services.complaint_investigation_start(actor=actor(personas.council_admin), complaint=c)
    c.refresh_from_db()
    assert c.status == "investigating" and last_event(c).verb == "complaint_investigation_started"


def test_substantiated_zero_tolerance_finding_is_an_event_for_standing(personas, code):
    c = file_case(personas, category="forced_labour").complaint
    c = advance(personas, c, "finding", refs=["1.1", "2.1"])
    assert c.status == "finding" and c.finding_outcome == "substantiated"
    confirmed = Event.objects.filter(verb="zero_tolerance_finding_confirmed")
    assert confirmed.count() == 1
    assert confirmed.get().data == {
        "complaint": c.public_id,
        "facility": personas.facility_x.public_id,
        "provision": "1.1",
        "code_version": code.public_id,
    }
    assert not TransparencyEntry.objects.filter(kind__icontains="complaint").exists()


def test_partly_substantiated_zero_tolerance_is_not_confirmed(personas, code):
    advance(personas, file_case(personas).complaint, "finding", refs=["1.1"], outcome="partly_substantiated")
    assert not Event.objects.filter(verb="zero_tolerance_finding_confirmed").exists()


def test_remedy_direct_verify_close_and_reopen(personas, code):
    c = advance(personas, file_case(personas).complaint, "finding")
    inv = actor(personas.investigator)
    with pytest.raises(DomainError) as info:
        services.complaint_close(actor=inv, complaint=c)
    assert info.value.code == "remedy_required"
    with pytest.raises(DomainError) as info:
        services.complaint_remedy_direct(actor=inv, complaint=c, what="", who="X", due=clock.today())
    assert info.value.code == "remedy_incomplete"
    due = clock.today() + dt.timedelta(days=10)
    services.complaint_remedy_direct(actor=inv, complaint=c, what="Install shade", who="Supplier X", due=due)
    c.refresh_from_db()
    assert (c.status, c.remedy_who, c.remedy_due) == ("remedy_directed", "Supplier X", due)
    assert last_event(c).data == {"due": due.isoformat()}
    services.complaint_remedy_verify(actor=inv, complaint=c, note="Visited")
    c.refresh_from_db()
    assert c.status == "remedy_verified" and c.resolved_at and last_event(c).verb == "complaint_remedy_verified"
    services.complaint_close(actor=inv, complaint=c)
    c.refresh_from_db()
    assert c.status == "closed" and c.closed_at
    with pytest.raises(DomainError) as info:
        services.complaint_reopen(actor=inv, complaint=c, reason="")
    assert info.value.code == "reason_required"
    services.complaint_reopen(actor=inv, complaint=c, reason="It happened again")
    c.refresh_from_db()
    assert c.status == "investigating" and c.reopened_count == 1 and c.closed_at is None and c.finding_outcome == ""
    e = last_event(c)
    assert (e.verb, e.before, e.after, e.reason) == (
        "complaint_reopened",
        "closed",
        "investigating",
        "It happened again",
    )


def test_unsubstantiated_closes_without_remedy(personas, code):
    c = advance(personas, file_case(personas).complaint, "finding", outcome="unsubstantiated")
    inv = actor(personas.investigator)
    with pytest.raises(DomainError) as info:
        services.complaint_remedy_direct(
            actor=inv, complaint=c, what="x", who="y", due=clock.today() + dt.timedelta(days=1)
        )
    assert info.value.code == "remedy_needs_substantiated"
    services.complaint_close(actor=inv, complaint=c, reason="No evidence")
    c.refresh_from_db()
    assert c.status == "closed" and c.resolved_at


def test_awaiting_pause_start_and_end(personas):
    c = file_case(personas).complaint
    inv = actor(personas.investigator)
    with pytest.raises(DomainError):
        services.complaint_awaiting_start(actor=inv, complaint=c, reason="")
    services.complaint_awaiting_start(actor=inv, complaint=c, reason="Need the field number")
    assert Complaint.objects.get(pk=c.pk).awaiting_complainant
    with pytest.raises(DomainError):
        services.complaint_awaiting_start(actor=inv, complaint=c, reason="again")
    services.complaint_awaiting_end(actor=inv, complaint=c)
    assert not Complaint.objects.get(pk=c.pk).awaiting_complainant
    verbs = list(events_for_object(c).order_by("id").values_list("verb", flat=True))
    assert verbs[-2:] == ["complaint_awaiting_complainant_started", "complaint_awaiting_complainant_ended"]


def test_stale_copy_cannot_move_the_case(personas):
    c = file_case(personas).complaint
    stale = Complaint.objects.get(pk=c.pk)
    services.complaint_acknowledge(actor=actor(personas.investigator), complaint=c)
    from wsr.core.errors import ConcurrentChange

    with pytest.raises((ConcurrentChange, TransitionNotAllowed)):
        services.complaint_acknowledge(actor=actor(personas.investigator), complaint=stale)
    assert events_for_object(c).filter(verb="complaint_acknowledged").count() == 1


def test_notes_and_interviews_are_encrypted_with_events(personas):
    from wsr.complaints.models import InternalNote, Interview

    c = file_case(personas).complaint
    inv = actor(personas.investigator)
    note = services.complaint_note_add(actor=inv, complaint=c, text="Supervisor denies it")
    interview = services.complaint_interview_record(
        actor=inv, complaint=c, held_on=clock.today(), interviewee_role="worker", notes="Confirms no water"
    )
    assert "Supervisor" not in InternalNote.objects.get(pk=note.pk).body
    assert "Confirms" not in Interview.objects.get(pk=interview.pk).notes
    verbs = set(events_for_object(c).values_list("verb", flat=True))
    assert {"complaint_note_added", "complaint_interview_recorded"} <= verbs
    with pytest.raises(CapabilityMissing):
        services.complaint_note_add(actor=actor(personas.auditor), complaint=c, text="x")


def test_reopening_clears_the_current_finding_and_remedy_and_keeps_them_in_the_history(personas, code, client):
    from tests.conftest import login

    c = advance(personas, file_case(personas).complaint, "closed")
    assert c.remedy_due is not None and c.finding_summary
    inv = actor(personas.investigator)

    services.complaint_reopen(actor=inv, complaint=c, reason="It happened again")

    c.refresh_from_db()
    assert (c.finding_outcome, c.finding_summary, c.finding_at) == ("", "", None)
    assert (c.remedy_what, c.remedy_who, c.remedy_due, c.remedy_verified_at) == ("", "", None, None)
    assert last_event(c).verb == "complaint_reopened"
    history = events_for_object(c)
    assert history.filter(verb="complaint_remedy_directed").get().data["due"]
    assert history.filter(verb="complaint_finding_recorded").get().data["outcome"] == "substantiated"
    body = login(client, personas.investigator).get(f"/api/v1/complaints/cases/{c.public_id}").json()
    assert (body["status"], body["finding"], body["remedy_due"], body["reopened"]) == ("investigating", "", None, 1)


def test_services_raise_the_domains_not_found_for_a_case_out_of_reach(personas):
    from wsr.complaints.selectors import complaint_for_assignment, complaint_get_for_actor
    from wsr.core.errors import NotFound

    elsewhere = file_case(personas, program=personas.other_program, facility=personas.facility_elsewhere).complaint
    gbvh = file_case(personas, category="sexual_harassment").complaint
    inv, admin = actor(personas.investigator), actor(personas.council_admin)
    with pytest.raises(NotFound):
        services.complaint_acknowledge(actor=inv, complaint=elsewhere)
    with pytest.raises(NotFound):
        services.complaint_acknowledge(actor=inv, complaint=gbvh)
    with pytest.raises(NotFound):
        services.complaint_assign(actor=admin, complaint=elsewhere, investigators=[personas.investigator])
    with pytest.raises(NotFound):
        complaint_get_for_actor(actor=inv, slug=personas.other_program.slug, public_id=elsewhere.public_id)
    with pytest.raises(NotFound):
        complaint_for_assignment(actor=admin, slug=personas.other_program.slug, public_id=elsewhere.public_id)
    assert not events_for_object(elsewhere).exclude(verb="complaint_received").exists()


def test_a_case_out_of_reach_is_a_404_page_and_a_404_in_the_api(personas, client):
    from tests.conftest import login

    gbvh = file_case(personas, category="sexual_harassment").complaint
    staff = login(client, personas.investigator)
    assert staff.get(f"/complaints/{personas.program.slug}/cases/{gbvh.public_id}/").status_code == 404
    response = staff.get(f"/api/v1/complaints/cases/{gbvh.public_id}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
