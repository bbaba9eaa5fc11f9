"""Four-eyes identity disclosure, GBVH restriction and evidence files."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError

from tests.complaints.staff_helpers import NAME_CANARY, PHONE_CANARY, actor, file_case
from tests.factories import MembershipFactory, UserFactory
from wsr.accounts.roles import Role
from wsr.complaints import services
from wsr.complaints.models import DisclosureRequest, Evidence
from wsr.complaints.selectors import complaint_get_for_actor, complaint_queue
from wsr.core.errors import CapabilityMissing, DomainError, NotFound
from wsr.core.events import events_for_object

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def second_investigator(personas):
    user = UserFactory(username="investigator-2", organisation=personas.investigator.organisation)
    MembershipFactory(user=user, program=personas.program, role=Role.INVESTIGATOR)
    return user


def assigned_case(personas, **kw):
    c = file_case(personas, name=NAME_CANARY, phone=PHONE_CANARY, **kw).complaint
    services.complaint_assign(actor=actor(personas.council_admin), complaint=c, investigators=[personas.investigator])
    return c


def test_identity_needs_an_approved_request_by_a_second_person(personas):
    c = assigned_case(personas)
    inv = actor(personas.investigator)
    with pytest.raises(DomainError) as info:
        services.complaint_identity_reveal(actor=inv, complaint=c)
    assert info.value.code == "not_disclosed"
    request = services.complaint_disclosure_request(actor=inv, complaint=c, reason="Need to interview her")
    with pytest.raises(DomainError) as info:
        services.complaint_disclosure_approve(actor=inv, request=request)
    assert info.value.code == "four_eyes"
    with pytest.raises(CapabilityMissing):
        services.complaint_disclosure_approve(actor=actor(personas.worker_org_staff), request=request)
    services.complaint_disclosure_approve(actor=actor(personas.council_admin), request=request, note="ok")
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == personas.council_admin
    identity = services.complaint_identity_reveal(actor=inv, complaint=c)
    assert (identity.name, identity.phone) == (NAME_CANARY, PHONE_CANARY)
    verbs = list(events_for_object(c).order_by("id").values_list("verb", flat=True))
    assert verbs[-3:] == [
        "complaint_identity_disclosure_requested",
        "complaint_identity_disclosure_approved",
        "complaint_identity_viewed",
    ]
    # the approver is not assigned: approving gave them nothing
    with pytest.raises(DomainError):
        services.complaint_identity_reveal(actor=actor(personas.council_admin), complaint=c)


def test_disclosure_expires_and_ends_with_the_assignment(personas):
    c = assigned_case(personas)
    inv = actor(personas.investigator)
    request = services.complaint_disclosure_request(actor=inv, complaint=c, reason="interview")
    services.complaint_disclosure_approve(actor=actor(personas.council_admin), request=request)
    assert services.identity_disclosed_to(inv, c)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=8)):
        assert not services.identity_disclosed_to(inv, c)
    other = second_investigator(personas)
    services.complaint_assign(actor=actor(personas.council_admin), complaint=c, investigators=[other])
    assert not services.identity_disclosed_to(inv, c)


def test_refused_request_and_request_rules(personas):
    c = assigned_case(personas)
    with pytest.raises(DomainError) as info:
        services.complaint_disclosure_request(actor=actor(second_investigator(personas)), complaint=c, reason="x")
    assert info.value.code == "not_assigned"
    inv = actor(personas.investigator)
    request = services.complaint_disclosure_request(actor=inv, complaint=c, reason="x")
    with pytest.raises(DomainError):
        services.complaint_disclosure_request(actor=inv, complaint=c, reason="again")
    services.complaint_disclosure_refuse(actor=actor(personas.council_admin), request=request, note="not needed")
    request.refresh_from_db()
    assert request.status == "refused"
    with pytest.raises(DomainError):
        services.complaint_identity_reveal(actor=inv, complaint=c)
    with pytest.raises(DomainError) as info:
        services.complaint_disclosure_approve(actor=actor(personas.council_admin), request=request)
    assert info.value.code == "already_decided"


def test_the_database_refuses_self_approval(personas):
    c = assigned_case(personas)
    request = services.complaint_disclosure_request(actor=actor(personas.investigator), complaint=c, reason="x")
    with pytest.raises(IntegrityError):
        DisclosureRequest.objects.filter(pk=request.pk).update(decided_by=personas.investigator)


def test_gbvh_case_exists_only_for_named_investigators(personas):
    c = file_case(personas, category="sexual_harassment").complaint
    inv, admin = actor(personas.investigator), actor(personas.council_admin)
    slug = personas.program.slug
    with pytest.raises(NotFound):
        complaint_get_for_actor(actor=inv, slug=slug, public_id=c.public_id)
    with pytest.raises(NotFound):
        services.complaint_acknowledge(actor=inv, complaint=c)
    assert c.pk not in [r.complaint.pk for r in complaint_queue(actor=inv, program=personas.program)]
    proposal = services.complaint_assignment_propose(actor=admin, complaint=c, investigators=[personas.investigator])
    services.complaint_assignment_approve(actor=inv, proposal=proposal)  # the second person
    assert complaint_get_for_actor(actor=inv, slug=slug, public_id=c.public_id) == c
    assert c.pk in [r.complaint.pk for r in complaint_queue(actor=inv, program=personas.program)]
    # the admin who named them still cannot read it
    with pytest.raises(NotFound):
        complaint_get_for_actor(actor=admin, slug=slug, public_id=c.public_id)
    assert c.pk not in [r.complaint.pk for r in complaint_queue(actor=admin, program=personas.program)]
    services.complaint_acknowledge(actor=inv, complaint=c)


def test_evidence_is_type_checked_encrypted_and_only_for_assigned(personas, settings):
    c = assigned_case(personas)
    inv = actor(personas.investigator)
    for content, code in (
        (b"", "empty_file"),
        (b"MZ\x90\x00exe", "bad_file_type"),
        (PNG + b"0" * (10 * 1024 * 1024), "file_too_large"),
    ):
        with pytest.raises(DomainError) as info:
            services.complaint_evidence_add(actor=inv, complaint=c, filename="x.png", content=content)
        assert info.value.code == code
    assert not Evidence.objects.exists()
    with pytest.raises(DomainError):
        services.complaint_evidence_add(actor=actor(personas.council_admin), complaint=c, filename="a.png", content=PNG)
    evidence = services.complaint_evidence_add(actor=inv, complaint=c, filename="field-7.png", content=PNG)
    assert evidence.kind == "png" and evidence.size == len(PNG)
    raw = (settings.MEDIA_ROOT / evidence.storage_name).read_bytes()
    assert PNG not in raw and b"field-7" not in raw
    assert "field-7" not in Evidence.objects.get().filename
    with pytest.raises(DomainError):
        services.complaint_evidence_read(actor=actor(personas.council_admin), evidence=evidence)
    got = services.complaint_evidence_read(actor=inv, evidence=evidence)
    assert (got.content, got.filename, got.content_type) == (PNG, "field-7.png", "image/png")
    assert events_for_object(c).filter(verb="complaint_evidence_downloaded").count() == 1


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"\xff\xd8\xff\xe0", "jpeg"),
        (b"%PDF-1.7", "pdf"),
        (b"ID3\x04", "mp3"),
        (b"\x00\x00\x00\x20ftypM4A ", "m4a"),
        (b"OggS\x00", "ogg"),
    ],
)
def test_sniffing(head, kind):
    from wsr.complaints.services.evidence import sniff

    assert sniff(head + b"\x00" * 16) == kind
