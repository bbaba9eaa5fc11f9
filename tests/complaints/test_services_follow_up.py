"""The contract services the worker channels call: intake, status, messages, secret change."""

from __future__ import annotations

import pytest

from tests.complaints.staff_helpers import NARRATIVE_CANARY, actor, file_case
from wsr.complaints import services
from wsr.complaints.case_codes import verify_secret
from wsr.complaints.models import Complaint, ComplaintIdentity, Message
from wsr.complaints.selectors import complaint_narrative
from wsr.core.errors import CapabilityMissing, DomainError
from wsr.core.events import events_for_object
from wsr.core.permissions import Actor

pytestmark = pytest.mark.django_db


def test_web_intake_stores_everything_encrypted_and_records_an_event(personas):
    receipt = file_case(personas, description=f"  {NARRATIVE_CANARY}  ", contact="call me", name="Ana")
    complaint = Complaint.objects.get(pk=receipt.complaint.pk)
    assert complaint.case_code == receipt.case_code and complaint.public_id.startswith("cmp_")
    assert complaint.status == "received" and complaint.channel == "web"
    assert NARRATIVE_CANARY not in complaint.narrative and complaint.narrative.startswith("v1:")
    assert complaint_narrative(complaint) == NARRATIVE_CANARY
    identity = ComplaintIdentity.objects.get(complaint=complaint)
    assert "Ana" not in identity.name and identity.name.startswith("v1:")
    assert verify_secret(complaint.secret_hash, receipt.secret)
    assert not complaint.must_change_secret
    event = events_for_object(complaint).get()
    assert event.verb == "complaint_received" and event.after == "received"
    assert NARRATIVE_CANARY not in str(event.data) and event.actor_label == "complainant"


@pytest.mark.parametrize(
    "overrides, code",
    [
        ({"description": "   "}, "description_required"),
        ({"description": "x" * 5001}, "description_too_long"),
        ({"category": "aliens"}, "bad_category"),
        ({"language": "bn"}, "bad_language"),
        ({"facility": None, "facility_name": ""}, "facility_required"),
        ({"facility_name": "x" * 301, "facility": None}, "facility_name_too_long"),
        ({"name": "x" * 301}, "identity_too_long"),
    ],
)
def test_intake_refuses_bad_input_and_stores_nothing(personas, overrides, code):
    with pytest.raises(DomainError) as info:
        file_case(personas, **overrides)
    assert info.value.code == code
    assert not Complaint.objects.exists()


def test_intake_refuses_a_facility_outside_the_program(personas):
    with pytest.raises(DomainError) as info:
        file_case(personas, facility=personas.facility_elsewhere)
    assert info.value.code == "bad_facility"


def test_anonymous_intake_drops_name_and_contact(personas):
    receipt = file_case(personas, anonymous=True, name="Ana", contact="ana@example.org")
    assert receipt.complaint.anonymous
    assert not ComplaintIdentity.objects.filter(complaint=receipt.complaint).exists()


def test_operator_intake_needs_enter_on_behalf_and_forces_a_new_secret(personas):
    with pytest.raises(CapabilityMissing):
        file_case(personas, actor=actor(personas.brand_a), channel="hotline")
    with pytest.raises(CapabilityMissing):
        file_case(personas, actor=Actor.anonymous("complainant"), channel="in_person")
    receipt = file_case(personas, actor=actor(personas.worker_org_staff), channel="worker_org")
    assert receipt.complaint.must_change_secret
    assert receipt.complaint.entered_by == personas.worker_org_staff
    assert events_for_object(receipt.complaint).get().actor_user == personas.worker_org_staff


def test_retaliation_is_priority_and_severe_from_intake(personas):
    receipt = file_case(personas, category="retaliation")
    assert receipt.complaint.priority and receipt.complaint.severe


def test_gbvh_and_imminent_danger_flags(personas):
    assert file_case(personas, category="sexual_harassment").complaint.gbvh
    danger = file_case(personas, imminent_danger=True).complaint
    assert danger.severe and danger.imminent_danger and not danger.priority


def test_status_view_with_the_right_pair(personas):
    receipt = file_case(personas)
    view = services.complaint_status_view(case_code=receipt.case_code.replace("-", " "), secret=receipt.secret.lower())
    assert view.status == "received" and view.status_text and view.messages == []
    assert view.case_code == receipt.case_code and view.must_change_secret is False


@pytest.mark.parametrize("which", ["wrong_secret", "unknown_code", "malformed_code", "malformed_secret"])
def test_every_wrong_pair_gets_the_same_refusal(personas, which, monkeypatch):
    receipt = file_case(personas)
    calls = []
    import wsr.complaints.services.follow_up as follow_up

    real = follow_up.verify_secret
    monkeypatch.setattr(follow_up, "verify_secret", lambda h, s: calls.append(1) or real(h, s))
    code, secret = receipt.case_code, receipt.secret
    if which == "wrong_secret":
        secret = "AAAA-AAAA-AAAA"
    elif which == "unknown_code":
        code = "0000-0000-0000-0000-0"
    elif which == "malformed_code":
        code = "12"
    else:
        secret = "!!"
    with pytest.raises(services.CaseAccessRefused) as info:
        services.complaint_status_view(case_code=code, secret=secret)
    assert info.value.code == "case_access_refused"
    assert len(calls) == 1  # exactly one Argon2id verification, whatever was wrong


def test_messages_both_ways_and_awaiting_ends_when_the_worker_writes(personas):
    receipt = file_case(personas)
    complaint = receipt.complaint
    inv = actor(personas.investigator)
    services.complaint_message_send(actor=inv, complaint=complaint, text="Can you tell us which field?")
    services.complaint_awaiting_start(actor=inv, complaint=complaint, reason="Which field?")
    view = services.complaint_message_post(case_code=receipt.case_code, secret=receipt.secret, text="Field 7")
    assert [(m.direction, m.text) for m in view.messages] == [
        ("to_you", "Can you tell us which field?"),
        ("from_you", "Field 7"),
    ]
    complaint.refresh_from_db()
    assert not complaint.awaiting_complainant
    verbs = list(events_for_object(complaint).order_by("id").values_list("verb", flat=True))
    assert verbs[-2:] == ["complaint_message_received", "complaint_awaiting_complainant_ended"]
    assert all("Field 7" not in m.body for m in Message.objects.all())


def test_message_post_refusals(personas):
    receipt = file_case(personas)
    for text, code in (("  ", "message_required"), ("x" * 5001, "message_too_long")):
        with pytest.raises(DomainError) as info:
            services.complaint_message_post(case_code=receipt.case_code, secret=receipt.secret, text=text)
        assert info.value.code == code
    assert not Message.objects.exists()


def test_operator_case_hides_messages_until_the_worker_changes_the_secret(personas):
    receipt = file_case(personas, actor=actor(personas.council_admin), channel="hotline")
    services.complaint_message_send(actor=actor(personas.investigator), complaint=receipt.complaint, text="Hello")
    view = services.complaint_status_view(case_code=receipt.case_code, secret=receipt.secret)
    assert view.must_change_secret and view.messages == []
    with pytest.raises(DomainError) as info:
        services.complaint_message_post(case_code=receipt.case_code, secret=receipt.secret, text="hi")
    assert info.value.code == "must_change_secret"
    new = services.complaint_secret_change(case_code=receipt.case_code, secret=receipt.secret)
    assert new != receipt.secret
    with pytest.raises(services.CaseAccessRefused):
        services.complaint_status_view(case_code=receipt.case_code, secret=receipt.secret)
    view = services.complaint_status_view(case_code=receipt.case_code, secret=new)
    assert not view.must_change_secret and [m.text for m in view.messages] == ["Hello"]
    assert events_for_object(receipt.complaint).filter(verb="complaint_secret_changed").count() == 1


def test_closed_case_takes_no_new_message(personas):
    from tests.complaints.staff_helpers import adopt_code, advance

    adopt_code(personas)
    receipt = file_case(personas)
    advance(personas, receipt.complaint, "closed", outcome="unsubstantiated")
    with pytest.raises(DomainError) as info:
        services.complaint_message_post(case_code=receipt.case_code, secret=receipt.secret, text="again")
    assert info.value.code == "case_closed"
