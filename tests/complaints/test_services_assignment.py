"""Naming investigators: at once on ordinary cases; on restricted (GBVH) cases only with a second
staff member's approval (four eyes), every step an event."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.test import Client

from tests.complaints.staff_helpers import NARRATIVE_CANARY, actor, file_case
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory
from wsr.accounts.roles import Role
from wsr.complaints import services
from wsr.complaints.models import AssignmentProposal
from wsr.complaints.selectors import assignment_proposals_to_decide, complaint_get_for_actor
from wsr.core.errors import CapabilityMissing, DomainError, NotFound
from wsr.core.events import events_for_object

pytestmark = pytest.mark.django_db


def _gbvh(personas):
    return file_case(personas, category="sexual_harassment", description=NARRATIVE_CANARY).complaint


def test_an_admin_cannot_name_themselves_on_a_restricted_case_alone(personas):
    c = _gbvh(personas)
    admin = actor(personas.council_admin)

    with pytest.raises(DomainError) as info:
        services.complaint_assign(actor=admin, complaint=c, investigators=[personas.council_admin])

    assert info.value.code == "second_person_required"
    assert not c.assignments.exists()
    with pytest.raises(NotFound):
        complaint_get_for_actor(actor=admin, slug=personas.program.slug, public_id=c.public_id)
    assert not events_for_object(c).filter(verb="complaint_assigned").exists()


def test_a_proposal_changes_nothing_until_a_second_person_approves(personas):
    c = _gbvh(personas)
    admin, inv = actor(personas.council_admin), actor(personas.investigator)

    proposal = services.complaint_assignment_propose(actor=admin, complaint=c, investigators=[personas.council_admin])

    assert proposal.status == "pending" and not c.assignments.exists()
    event = events_for_object(c).get(verb="complaint_assignment_proposed")
    assert event.actor_user == personas.council_admin
    assert event.data == {"proposal": proposal.public_id, "investigators": ["council-admin"]}
    with pytest.raises(DomainError) as info:
        services.complaint_assignment_approve(actor=admin, proposal=proposal)
    assert info.value.code == "four_eyes"
    assert list(assignment_proposals_to_decide(actor=admin, program=personas.program)) == []
    assert list(assignment_proposals_to_decide(actor=inv, program=personas.program)) == [proposal]

    services.complaint_assignment_approve(actor=inv, proposal=proposal, note="ok")

    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == ("approved", personas.investigator)
    assert list(c.assignments.values_list("investigator__username", "assigned_by__username")) == [
        ("council-admin", "council-admin")
    ]
    approved = events_for_object(c).get(verb="complaint_assignment_approved")
    assert approved.actor_user == personas.investigator and approved.reason == "ok"
    assigned = events_for_object(c).get(verb="complaint_assigned")
    assert assigned.data == {
        "investigators": ["council-admin"],
        "proposal": proposal.public_id,
        "proposed_by": "council-admin",
    }
    assert complaint_get_for_actor(actor=admin, slug=personas.program.slug, public_id=c.public_id) == c
    for e in events_for_object(c):
        assert NARRATIVE_CANARY not in str(e.data) + e.reason


def test_a_refused_proposal_names_nobody(personas):
    c = _gbvh(personas)
    proposal = services.complaint_assignment_propose(
        actor=actor(personas.council_admin), complaint=c, investigators=[personas.investigator]
    )

    services.complaint_assignment_refuse(actor=actor(personas.investigator), proposal=proposal, note="conflict")

    proposal.refresh_from_db()
    assert proposal.status == "refused" and not c.assignments.exists()
    assert events_for_object(c).get(verb="complaint_assignment_refused").reason == "conflict"
    with pytest.raises(DomainError) as info:
        services.complaint_assignment_approve(actor=actor(personas.investigator), proposal=proposal)
    assert info.value.code == "already_decided"


def test_who_may_propose_and_decide(personas):
    c = _gbvh(personas)
    with pytest.raises(CapabilityMissing):
        services.complaint_assignment_propose(
            actor=actor(personas.investigator), complaint=c, investigators=[personas.investigator]
        )
    with pytest.raises(CapabilityMissing):
        services.complaint_assignment_propose(
            actor=actor(personas.brand_a), complaint=c, investigators=[personas.investigator]
        )
    elsewhere = file_case(
        personas, program=personas.other_program, facility=personas.facility_elsewhere, category="sexual_harassment"
    ).complaint
    with pytest.raises(NotFound):
        services.complaint_assignment_propose(
            actor=actor(personas.council_admin), complaint=elsewhere, investigators=[personas.investigator]
        )
    proposal = services.complaint_assignment_propose(
        actor=actor(personas.council_admin), complaint=c, investigators=[personas.investigator]
    )
    with pytest.raises(DomainError) as info:
        services.complaint_assignment_propose(
            actor=actor(personas.council_admin), complaint=c, investigators=[personas.investigator]
        )
    assert info.value.code == "already_proposed"
    with pytest.raises(CapabilityMissing):
        services.complaint_assignment_approve(actor=actor(personas.worker_org_staff), proposal=proposal)
    assert AssignmentProposal.objects.get().status == "pending"
    with pytest.raises(IntegrityError):
        AssignmentProposal.objects.filter(pk=proposal.pk).update(decided_by=personas.council_admin)


def test_taking_people_off_a_restricted_case_needs_no_second_person(personas):
    c = _gbvh(personas)
    second = UserFactory(username="investigator-2", organisation=personas.investigator.organisation)
    MembershipFactory(user=second, program=personas.program, role=Role.INVESTIGATOR)
    admin = actor(personas.council_admin)
    proposal = services.complaint_assignment_propose(
        actor=admin, complaint=c, investigators=[personas.investigator, second]
    )
    services.complaint_assignment_approve(actor=actor(personas.investigator), proposal=proposal)

    services.complaint_assign(actor=admin, complaint=c, investigators=[second])

    assert list(c.assignments.values_list("investigator__username", flat=True)) == ["investigator-2"]
    assert events_for_object(c).filter(verb="complaint_assigned").count() == 2


def test_ordinary_cases_are_assigned_at_once_and_cannot_be_proposed(personas):
    c = file_case(personas).complaint
    admin = actor(personas.council_admin)
    services.complaint_assign(actor=admin, complaint=c, investigators=[personas.investigator])
    assert c.assignments.count() == 1
    with pytest.raises(DomainError) as info:
        services.complaint_assignment_propose(actor=admin, complaint=c, investigators=[personas.investigator])
    assert info.value.code == "not_restricted"


def test_the_pages_propose_then_a_second_person_approves(personas):
    c = _gbvh(personas)
    slug = personas.program.slug
    admin = login(Client(), personas.council_admin)
    response = admin.post(
        f"/complaints/{slug}/cases/{c.public_id}/assign/", {"investigators": [str(personas.council_admin.pk)]}
    )
    assert response.status_code == 302 and not c.assignments.exists()
    assert admin.get(f"/complaints/{slug}/cases/{c.public_id}/").status_code == 404
    proposal = AssignmentProposal.objects.get()

    inv = login(Client(), personas.investigator)
    queue = inv.get(f"/complaints/{slug}/").content.decode()
    assert proposal.public_id in queue and NARRATIVE_CANARY not in queue
    response = inv.post(f"/complaints/{slug}/assignments/{proposal.public_id}/decide/", {"decision": "approve"})

    assert response.status_code == 302
    assert list(c.assignments.values_list("investigator__username", flat=True)) == ["council-admin"]
    assert admin.get(f"/complaints/{slug}/cases/{c.public_id}/").status_code == 200
    assert events_for_object(c).filter(verb="complaint_assignment_approved").count() == 1


def test_the_second_person_decides_from_the_queue_page(personas):
    c = _gbvh(personas)
    proposal = services.complaint_assignment_propose(
        actor=actor(personas.council_admin), complaint=c, investigators=[personas.council_admin]
    )
    url = f"/complaints/{personas.program.slug}/assignments/{proposal.public_id}/decide/"

    unclear = login(Client(), personas.investigator).post(url, {"decision": "maybe"})
    assert unclear.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "pending"  # nothing decided on an unclear answer

    by_proposer = login(Client(), personas.council_admin).post(url, {"decision": "approve"})
    assert by_proposer.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "pending" and not c.assignments.exists()  # never the proposer

    done = login(Client(), personas.investigator).post(url, {"decision": "refuse", "note": "not this one"})
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == ("refused", personas.investigator)
    assert not c.assignments.exists()
    assert events_for_object(c).filter(verb="complaint_assignment_refused").count() == 1
