"""Education pages: recording through the form, the CSV export, what each role sees, the library."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import login
from tests.education.conftest import record
from wsr.accounts.selectors import actor_for_user
from wsr.core.events import events_for_object
from wsr.education.models import Material, MaterialVersion, Session
from wsr.education.services import material_create, material_version_publish

pytestmark = pytest.mark.django_db


def _form(personas, **overrides):
    return {
        "facility": personas.facility_x.public_id,
        "held_on": "2026-03-02",
        "language": "ht",
        "kind": "periodic",
        "on_the_clock": "on",
        "topics": ["health_safety", "retaliation"],
        "other_topics": "Heat stress\nUsing the complaint line",
        "attendees": "45",
        "new_workers": "20",
        "educators": [personas.worker_org_staff.username],
        "notes": "Crew 3, after lunch",
        **overrides,
    }


def test_worker_org_staff_record_a_session_on_the_page(client, personas, seasons):
    login(client, personas.worker_org_staff)
    assert client.get("/education/fair-harvest/sessions/new/").status_code == 200
    response = client.post("/education/fair-harvest/sessions/new/", _form(personas))
    session = Session.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/education/fair-harvest/sessions/{session.public_id}/"
    )
    assert (session.language, session.attendees, session.new_workers, session.on_the_clock) == ("ht", 45, 20, True)
    assert session.other_topics == ["Heat stress", "Using the complaint line"]
    assert events_for_object(session).get().verb == "education_session_recorded"
    page = client.get(response["Location"]).content.decode()
    assert "Crew 3, after lunch" in page and "45" in page


def test_a_refused_session_shows_the_reason_and_stores_nothing(client, personas, seasons):
    login(client, personas.council_admin)
    response = client.post("/education/fair-harvest/sessions/new/", _form(personas, attendees="300", new_workers="10"))
    assert response.status_code == 200
    assert "has 250 workers" in response.content.decode()
    response = client.post("/education/fair-harvest/sessions/new/", _form(personas, held_on="2026-04-01"))
    assert "in the future" in response.content.decode()
    response = client.post("/education/fair-harvest/sessions/new/", _form(personas, new_workers="50"))
    assert "cannot be more than the attendees" in response.content.decode()
    assert not Session.objects.exists()


def test_the_csv_export_lists_the_sessions_of_the_season(client, personas, seasons, educator):
    session = record(personas, educators=[personas.worker_org_staff, educator], other_topics=["Heat stress"])
    record(personas, facility=personas.facility_y, held_on=seasons["previous"].starts_on)  # other season
    login(client, personas.investigator)
    response = client.get("/education/fair-harvest/sessions.csv?season=2025-26")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "education-sessions-fair-harvest-2025-26.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["session", "program", "season", "held_on"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row == {
        "session": session.public_id,
        "program": "fair-harvest",
        "season": "2025-26",
        "held_on": "2026-02-10",
        "facility": personas.facility_x.public_id,
        "facility_name": personas.facility_x.name,
        "country": "US",
        "language": "es",
        "kind": "periodic",
        "on_the_clock": "yes",
        "code_topics": "health_safety|wages_hours",
        "other_topics": "Heat stress",
        "attendees": "40",
        "new_workers_reached": "30",
        "workforce": "250",
        "educators": "educator-two|worker-org",
        "status": "recorded",
    }
    everything = b"".join(client.get("/education/fair-harvest/sessions.csv").streaming_content).decode()
    assert everything.count("\n") == 3  # header + both seasons


def test_a_supplier_sees_sessions_at_its_facility_without_educators_or_notes(client, personas, seasons):
    session = record(personas, notes="Supervisor hovered near the door")
    login(client, personas.supplier_x)
    listing = client.get("/education/fair-harvest/").content.decode()
    assert session.public_id in listing
    page = client.get(f"/education/fair-harvest/sessions/{session.public_id}/").content.decode()
    assert "40" in page
    assert "Supervisor hovered" not in page and personas.worker_org_staff.username not in page
    login(client, personas.supplier_y)
    assert session.public_id not in client.get("/education/fair-harvest/").content.decode()


def test_a_brand_sees_coverage_of_facilities_it_sources_from_only(client, personas, seasons):
    record(personas)
    record(personas, facility=personas.facility_y)
    login(client, personas.brand_a)
    page = client.get("/education/fair-harvest/coverage/").content.decode()
    assert personas.facility_x.name in page and personas.facility_y.name not in page
    assert "12 %" in page  # 30 of 250 workers
    assert client.get("/education/fair-harvest/").status_code == 403


def test_the_below_norm_page_orders_by_gap(client, personas, seasons):
    record(personas, facility=personas.facility_y)
    login(client, personas.worker_org_staff)
    page = client.get("/education/fair-harvest/below-norm/").content.decode()
    assert page.index(personas.facility_x.name) < page.index(personas.facility_y.name)  # gap 2 before gap 1


def test_a_material_is_drafted_with_a_file_published_and_read_by_the_public(client, personas, seasons):
    login(client, personas.worker_org_staff)
    upload = SimpleUploadedFile("leaflet.pdf", b"%PDF-1.4\nleaflet\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        "/education/fair-harvest/materials/new/",
        {
            "name": "Know your rights",
            "category": "wages_hours",
            "language": "es",
            "title": "Conozca sus derechos",
            "body": "Le deben pagar cada hora que trabaja.",
            "file": upload,
        },
    )
    version = MaterialVersion.objects.get()
    assert response.status_code == 302 and version.status == "draft" and version.file_kind == "pdf"
    anonymous = client.__class__()
    assert anonymous.get(f"/education/fair-harvest/library/{version.public_id}/").status_code == 404
    url = f"/education/fair-harvest/materials/{version.material.public_id}/versions/{version.public_id}/publish/"
    assert client.post(url).status_code == 302
    version.refresh_from_db()
    assert version.status == "published"
    library = anonymous.get("/education/fair-harvest/library/?lang=es").content.decode()
    assert "Conozca sus derechos" in library and 'lang="es"' in library
    assert "Conozca" not in anonymous.get("/education/fair-harvest/library/?lang=ht").content.decode()
    item = anonymous.get(f"/education/fair-harvest/library/{version.public_id}/")
    assert "Le deben pagar" in item.content.decode()
    download = anonymous.get(f"/education/fair-harvest/library/{version.public_id}/file/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_disguised_file_is_refused_on_the_page_and_nothing_is_stored(client, personas):
    login(client, personas.council_admin)
    upload = SimpleUploadedFile("poster.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(
        "/education/fair-harvest/materials/new/",
        {"name": "Poster", "language": "en", "title": "Poster", "body": "", "file": upload},
    )
    assert response.status_code == 200
    assert "is not a PDF, an image" in response.content.decode()
    assert not Material.objects.exists()


def test_the_materials_page_shows_each_language_state(client, personas):
    actor = actor_for_user(personas.worker_org_staff)
    version = material_create(
        actor=actor,
        program=personas.program,
        name="Heat",
        category="health_safety",
        language="en",
        title="Heat",
        body="x",
    )
    material_version_publish(actor=actor, version=version)
    login(client, personas.auditor)
    page = client.get("/education/fair-harvest/materials/").content.decode()
    assert "v1 published" in page and "missing" in page


def test_withdrawing_on_the_page(client, personas, seasons):
    session = record(personas)
    login(client, personas.worker_org_staff)
    url = f"/education/fair-harvest/sessions/{session.public_id}/withdraw/"
    assert client.post(url, {"reason": "Wrong farm"}).status_code == 302
    session.refresh_from_db()
    assert session.withdrawn_reason == "Wrong farm"
    assert (
        'data-testid="withdrawn"'
        in client.get(f"/education/fair-harvest/sessions/{session.public_id}/").content.decode()
    )


def test_the_admin_shows_education_read_only(client, personas, seasons):
    from tests.factories import UserFactory

    session = record(personas)
    admin = UserFactory(username="root", is_superuser=True, is_staff=True, organisation=None)
    login(client, admin)
    assert client.get("/admin/education/session/").status_code == 200
    page = client.get(f"/admin/education/session/{session.pk}/change/")
    assert page.status_code == 200 and b'name="attendees"' not in page.content
    assert client.get("/admin/education/session/add/").status_code == 403
