"""Staff pages: queue, case page and its actions, operator intake, statistics, evidence."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.complaints.staff_helpers import NARRATIVE_CANARY, actor, adopt_code, file_case
from tests.conftest import login
from wsr.complaints import services
from wsr.complaints.models import Complaint, DisclosureRequest
from wsr.core.events import events_for_object
from wsr.core.models import Event

pytestmark = pytest.mark.django_db


def client_for(user):
    return login(Client(), user)


def test_queue_lists_open_cases_most_urgent_first_with_filters(personas):
    slow = file_case(personas, category="wages_hours").complaint
    urgent = file_case(personas, category="retaliation").complaint  # severe: 24 h to acknowledge
    page = client_for(personas.investigator).get(f"/complaints/{personas.program.slug}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert body.index(urgent.public_id) < body.index(slow.public_id)
    assert NARRATIVE_CANARY not in body
    filtered = client_for(personas.investigator).get(f"/complaints/{personas.program.slug}/?category=wages_hours")
    assert slow.public_id in filtered.content.decode() and urgent.public_id not in filtered.content.decode()
    mine = client_for(personas.investigator).get(f"/complaints/{personas.program.slug}/?mine=on")
    assert slow.public_id not in mine.content.decode()


def test_case_page_shows_narrative_timeline_and_allowed_actions_only(personas):
    c = file_case(personas, description=NARRATIVE_CANARY).complaint
    page = client_for(personas.investigator).get(f"/complaints/{personas.program.slug}/cases/{c.public_id}/")
    body = page.content.decode()
    assert NARRATIVE_CANARY in body
    assert "/act/acknowledge/" in body and "/act/finding/" not in body and "/act/close/" not in body
    assert "complaint_received" in body


def test_acknowledge_through_the_page(personas):
    c = file_case(personas).complaint
    url = f"/complaints/{personas.program.slug}/cases/{c.public_id}/act/acknowledge/"
    response = client_for(personas.investigator).post(url)
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == "acknowledged"
    assert events_for_object(c).filter(verb="complaint_acknowledged", actor_user=personas.investigator).exists()


def test_triage_form_cites_provisions(personas):
    adopt_code(personas)
    c = file_case(personas).complaint
    services.complaint_acknowledge(actor=actor(personas.investigator), complaint=c)
    url = f"/complaints/{personas.program.slug}/cases/{c.public_id}/act/triage_in/"
    response = client_for(personas.investigator).post(url, {"provision_refs": ["2.1"], "category": "health_safety"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == "triaged_in_scope" and list(c.provisions.values_list("ref", flat=True)) == ["2.1"]


def test_a_refused_action_comes_back_as_an_error(personas):
    c = file_case(personas, category="retaliation").complaint
    services.complaint_acknowledge(actor=actor(personas.investigator), complaint=c)
    url = f"/complaints/{personas.program.slug}/cases/{c.public_id}/act/triage_out/"
    response = client_for(personas.investigator).post(url, {"reason": "not ours"})
    assert response.status_code == 200
    assert "always in scope" in response.content.decode()
    assert Complaint.objects.get(pk=c.pk).status == "acknowledged"


def test_operator_intake_shows_code_and_secret_once(personas):
    url = f"/complaints/{personas.program.slug}/new/"
    client = client_for(personas.worker_org_staff)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "channel": "worker_org",
            "facility": personas.facility_x.public_id,
            "category": "wages_hours",
            "description": "Unpaid overtime on Saturday.",
            "language": "es",
            "name": "Rosa",
        },
    )
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    body = response.content.decode()
    assert complaint.case_code in body
    assert complaint.must_change_secret and complaint.entered_by == personas.worker_org_staff
    assert "Rosa" not in body
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    # worker-org staff see statistics, never the case file
    case_page = client.get(f"/complaints/{personas.program.slug}/cases/{complaint.public_id}/")
    assert case_page.status_code == 403


def test_identity_panel_after_four_eyes(personas):
    c = file_case(personas, name="CANARY-NAME-Zq81").complaint
    admin = actor(personas.council_admin)
    services.complaint_assign(actor=admin, complaint=c, investigators=[personas.investigator])
    inv_client = client_for(personas.investigator)
    base = f"/complaints/{personas.program.slug}/cases/{c.public_id}/"
    assert "CANARY-NAME-Zq81" not in inv_client.get(base).content.decode()
    inv_client.post(base + "act/disclosure/", {"reason": "Interview needed"})
    request = DisclosureRequest.objects.get()
    # the requester cannot decide; the admin can, from the queue
    client_for(personas.investigator).post(
        f"/complaints/{personas.program.slug}/disclosures/{request.public_id}/decide/", {"decision": "approve"}
    )
    assert DisclosureRequest.objects.get().status == "pending"
    client_for(personas.council_admin).post(
        f"/complaints/{personas.program.slug}/disclosures/{request.public_id}/decide/", {"decision": "approve"}
    )
    assert DisclosureRequest.objects.get().status == "approved"
    shown = inv_client.post(base + "identity/")
    assert shown.status_code == 200 and "CANARY-NAME-Zq81" in shown.content.decode()
    assert events_for_object(c).filter(verb="complaint_identity_viewed").count() == 1


def test_evidence_upload_and_download(personas):
    c = file_case(personas).complaint
    services.complaint_assign(actor=actor(personas.council_admin), complaint=c, investigators=[personas.investigator])
    from django.core.files.uploadedfile import SimpleUploadedFile

    base = f"/complaints/{personas.program.slug}/cases/{c.public_id}/"
    client = client_for(personas.investigator)
    bad = client.post(base + "act/evidence/", {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00")})
    assert bad.status_code == 200 and "not accepted" in bad.content.decode()
    ok = client.post(base + "act/evidence/", {"file": SimpleUploadedFile("p.pdf", b"%PDF-1.4 hello")})
    assert ok.status_code == 302
    evidence = c.evidence.get()
    download = client.get(base + f"evidence/{evidence.public_id}/")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 hello"
    assert download["Content-Type"] == "application/pdf"


def test_statistics_page(personas):
    file_case(personas)
    page = client_for(personas.worker_org_staff).get(f"/complaints/{personas.program.slug}/statistics/")
    assert page.status_code == 200
    assert 'data-testid="total">1<' in page.content.decode()


def test_gbvh_assignment_page_for_admin_shows_no_content(personas):
    c = file_case(personas, category="sexual_harassment", description=NARRATIVE_CANARY).complaint
    client = client_for(personas.council_admin)
    queue = client.get(f"/complaints/{personas.program.slug}/").content.decode()
    assert c.public_id in queue and NARRATIVE_CANARY not in queue
    page = client.get(f"/complaints/{personas.program.slug}/cases/{c.public_id}/assign/")
    assert page.status_code == 200 and NARRATIVE_CANARY not in page.content.decode()
    response = client.post(
        f"/complaints/{personas.program.slug}/cases/{c.public_id}/assign/",
        {"investigators": [str(personas.investigator.pk)]},
    )
    assert response.status_code == 302
    # a restricted case: the admin's choice waits for a second person (tests/complaints/test_services_assignment.py)
    assert list(c.assigned.all()) == []
    proposal = c.assignment_proposals.get()
    assert list(proposal.investigators.all()) == [personas.investigator]


def test_operator_intake_with_anonymous_ticked_keeps_no_identity(personas):
    from wsr.complaints.models import ComplaintIdentity

    client = client_for(personas.worker_org_staff)
    response = client.post(
        f"/complaints/{personas.program.slug}/new/",
        {
            "channel": "worker_org",
            "facility": personas.facility_x.public_id,
            "category": "wages_hours",
            "description": "Unpaid overtime on Saturday.",
            "language": "es",
            "anonymous": "on",
            "name": "Rosa",
            "phone": "+1 555 010 4242",
        },
    )

    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.anonymous is True and not ComplaintIdentity.objects.exists()
    assert Event.objects.get(verb="complaint_received", object_id=str(complaint.pk)).data["anonymous"] is True


@pytest.mark.parametrize("persona", ["auditor", "worker_org_staff", "investigator", "council_admin"])
def test_the_intake_page_links_only_to_pages_the_actor_can_open(personas, persona):
    import re

    client = client_for(getattr(personas, persona))
    page = client.get(f"/complaints/{personas.program.slug}/new/").content.decode()
    main = page.split("<main", 1)[1] if "<main" in page else page
    links = re.findall(r'href="(/[^"]*)"', main.split("<h1>", 1)[0])
    assert links, "the page names where it belongs"
    for link in links:
        assert client.get(link).status_code == 200, link
