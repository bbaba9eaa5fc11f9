"""Access-matrix rows for education pages and endpoints (joined by tests/test_access_matrix.py).

Placeholders: a current season around today, a session at facility X, a material with a draft
(with a PDF) and a published Spanish version, and a second published material for the library.
Staff with education.view: council_admin, investigator, auditor, worker_org_staff. Recording and
materials: council_admin and worker_org_staff. Suppliers see sessions at their own facilities
(supplier Y gets 404 on X's session); brands see coverage only; the public reads the library.
"""

from __future__ import annotations

from typing import Any

from tests.access import STAFF, expect, only

MANAGERS = ("council_admin", "worker_org_staff")
SUPPLIERS = ("supplier_x", "supplier_y")
MAT = "/education/{program}/materials/{edu_mat}"

ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/education/{program}/", only((*STAFF, *SUPPLIERS), others=403)),
    ("GET", "/education/{other_program}/", expect(404, public=302)),
    ("GET", "/education/{program}/sessions/new/", only(MANAGERS, others=403)),
    ("POST", "/education/{program}/sessions/new/", only(MANAGERS, others=403)),
    ("GET", "/education/{other_program}/sessions/new/", expect(404, public=302)),
    ("GET", "/education/{program}/sessions.csv", only(STAFF, others=403)),
    ("GET", "/education/{other_program}/sessions.csv", expect(404, public=302)),
    ("GET", "/education/{program}/sessions/{edu_session}/", only((*STAFF, "supplier_x"), others=403, supplier_y=404)),
    ("GET", "/education/{other_program}/sessions/{edu_session}/", expect(404, public=302)),
    ("GET", "/education/{program}/sessions/{edu_session}/withdraw/", only(MANAGERS, others=403)),
    ("POST", "/education/{program}/sessions/{edu_session}/withdraw/", only(MANAGERS, others=403)),
    ("GET", "/education/{program}/coverage/", expect(200, public=302)),
    ("GET", "/education/{other_program}/coverage/", expect(404, public=302)),
    ("GET", "/education/{program}/below-norm/", only(STAFF, others=403)),
    ("GET", "/education/{program}/materials/", only(STAFF, others=403)),
    ("GET", "/education/{other_program}/materials/", expect(404, public=302)),
    ("GET", "/education/{program}/materials/new/", only(MANAGERS, others=403)),
    ("POST", "/education/{program}/materials/new/", only(MANAGERS, others=403)),
    ("GET", MAT + "/", only(STAFF, others=403)),
    ("GET", MAT + "/versions/new/", only(MANAGERS, others=403)),
    ("POST", MAT + "/versions/new/", only(MANAGERS, others=403)),
    ("GET", MAT + "/versions/{edu_draft}/", only(STAFF, others=403)),
    ("GET", MAT + "/versions/{edu_draft}/file/", only(STAFF, others=403)),
    # the public cannot reach a draft (before it is published by the row below)
    ("GET", "/education/{program}/library/{edu_draft}/", expect(404)),
    ("GET", "/education/{program}/library/{edu_draft}/file/", expect(404)),
    ("POST", MAT + "/versions/{edu_draft}/publish/", only(MANAGERS, others=403, ok=302)),
    ("POST", MAT + "/versions/{edu_published}/retire/", only(MANAGERS, others=403, ok=302)),
    ("GET", "/education/{program}/library/", expect(200)),
    ("GET", "/education/{other_program}/library/", expect(200)),
    ("GET", "/education/{program}/library/{edu_library}/", expect(200)),
    ("GET", "/education/{program}/library/{edu_library}/file/", expect(200)),
    ("GET", "/education/{other_program}/library/{edu_library}/", expect(404)),
    ("GET", "/api/v1/education/sessions?program={program}", only((*STAFF, *SUPPLIERS), others=403, public=401)),
    ("GET", "/api/v1/education/sessions?program={other_program}", expect(404, public=401)),
    ("GET", "/api/v1/education/coverage?program={program}", expect(200, public=401)),
    ("GET", "/api/v1/education/coverage?program={other_program}", expect(404, public=401)),
    ("GET", "/api/v1/education/below-norm?program={program}", only(STAFF, others=403, public=401)),
    ("GET", "/api/v1/education/materials?program={program}", expect(200)),
    ("GET", "/api/v1/education/materials?program={other_program}", expect(200)),
]
BODIES: dict[tuple[str, str], Any] = {}


def placeholders(personas: Any) -> dict[str, str]:
    import datetime as dt

    from wsr.accounts.selectors import actor_for_user
    from wsr.core import clock
    from wsr.education.services import (
        material_create,
        material_version_draft,
        material_version_publish,
        session_record,
    )
    from wsr.programs.models import ReportingSeason

    today = clock.today()
    ReportingSeason.objects.create(
        program=personas.program,
        name="matrix",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=150),
    )
    actor = actor_for_user(personas.worker_org_staff)
    session = session_record(
        actor=actor,
        program=personas.program,
        facility=personas.facility_x,
        held_on=today - dt.timedelta(days=1),
        language="es",
        kind="periodic",
        on_the_clock=True,
        attendees=20,
        new_workers=20,
        educators=[personas.worker_org_staff],
        topics=["wages_hours"],
        notes="Matrix notes",
    )
    draft = material_create(
        actor=actor,
        program=personas.program,
        name="Matrix material",
        category="wages_hours",
        language="en",
        title="Matrix",
        body="Text",
        filename="m.pdf",
        content=b"%PDF-1.4\n%%EOF\n",
    )
    published = material_version_draft(actor=actor, material=draft.material, language="es", title="Matriz", body="T")
    material_version_publish(actor=actor, version=published)
    library = material_create(
        actor=actor,
        program=personas.program,
        name="Library material",
        category="",
        language="en",
        title="Library",
        body="Text",
        filename="l.pdf",
        content=b"%PDF-1.4\n%%EOF\n",
    )
    material_version_publish(actor=actor, version=library)
    return {
        "edu_session": session.public_id,
        "edu_mat": draft.material.public_id,
        "edu_draft": draft.public_id,
        "edu_published": published.public_id,
        "edu_library": library.public_id,
    }
