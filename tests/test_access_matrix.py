"""The role x route access matrix. Every page and endpoint joins this table.

Expected answers: 200 (allowed), 302 (anonymous sent to sign in), 401 (API without credentials),
403 (has a role in the program but not this capability), 404 (outside the actor's scope: the
object does not exist for them).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.access import OUTSIDERS, STAFF, expect, only  # noqa: F401
from tests.conftest import PERSONA_NAMES
from wsr.registry.models import ImportJob

pytestmark = pytest.mark.django_db

# (method, url template, expected status per persona)
MATRIX: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/", expect(200)),
    ("GET", "/p/{program}/", expect(200)),
    ("GET", "/p/{other_program}/", expect(200)),
    ("GET", "/home/", expect(200, public=302)),
    ("GET", "/programs/", expect(200, public=302)),
    ("GET", "/programs/{program}/", only(STAFF, others=403)),
    ("GET", "/programs/{program}/rules/", only(("council_admin",), others=403)),
    ("POST", "/programs/{program}/rules/", only(("council_admin",), others=403)),
    ("GET", "/programs/{program}/history/", only(("council_admin", "investigator", "worker_org_staff"), others=403)),
    ("GET", "/programs/{program}/seasons/new/", only(("council_admin",), others=403)),
    ("POST", "/programs/{program}/seasons/new/", only(("council_admin",), others=403)),
    ("GET", "/programs/{other_program}/", expect(404, public=302)),
    ("GET", "/programs/{other_program}/rules/", expect(404, public=302)),
    ("GET", "/registry/facilities/", expect(200, public=302)),
    ("GET", "/registry/facilities/{fx}/", only((*STAFF, "brand_a", "supplier_x"), others=404)),
    ("GET", "/registry/facilities/{fy}/", only((*STAFF, "brand_b", "supplier_y"), others=404)),
    ("GET", "/registry/facilities/{fe}/", expect(404, public=302)),
    ("GET", "/registry/facilities/{fx}/edit/", only(("council_admin",), others=403, brand_b=404, supplier_y=404)),
    ("POST", "/registry/facilities/{fx}/edit/", only(("council_admin",), others=403, brand_b=404, supplier_y=404)),
    ("GET", "/registry/organisations/", only(STAFF, others=403)),
    ("GET", "/registry/organisations/{brand_a_org}/", only((*STAFF, "brand_a"), others=404)),
    (
        "GET",
        "/registry/organisations/{brand_a_org}/edit/",
        only(("council_admin",), others=403, brand_b=404, supplier_x=404, supplier_y=404),
    ),
    ("GET", "/registry/{program}/facilities/new/", only(("council_admin",), others=403)),
    ("POST", "/registry/{program}/facilities/new/", only(("council_admin",), others=403)),
    ("GET", "/registry/{program}/organisations/new/", only(("council_admin",), others=403)),
    ("GET", "/registry/{other_program}/facilities/new/", expect(404, public=302)),
    ("GET", "/registry/{program}/imports/", only(("council_admin",), others=403)),
    ("GET", "/registry/{program}/imports/new/", only(("council_admin",), others=403)),
    # an empty upload is refused with the form and its errors (400)
    ("POST", "/registry/{program}/imports/new/", only(("council_admin",), others=403, ok=400)),
    ("GET", "/registry/{program}/imports/{job}/", only(("council_admin",), others=403)),
    ("GET", "/registry/{program}/imports/{job}/progress/", only(("council_admin",), others=403)),
    # the matrix's job has no row 2: NotFound is a 404 for the admin, not a refusal message
    ("POST", "/registry/{program}/imports/{job}/rows/2/resolve/", only(("council_admin",), others=403, ok=404)),
    # undoing answers with the import page (done, or the reason it cannot be undone)
    ("POST", "/registry/{program}/imports/{job}/undo/", only(("council_admin",), others=403, ok=302)),
    ("GET", "/registry/{program}/imports/{job}/review/", only(("council_admin",), others=403)),
    ("POST", "/registry/{program}/imports/{job}/review/", only(("council_admin",), others=403, ok=302)),
    ("GET", "/registry/{other_program}/imports/", expect(404, public=302)),
    ("GET", "/api/v1/programs", expect(200)),
    ("GET", "/api/v1/programs/{program}/log", expect(200)),
    ("PATCH", "/api/v1/programs/{program}/rules", only(("council_admin",), others=403, public=401)),
    ("GET", "/api/v1/registry/facilities", expect(200, public=401)),
    ("GET", "/api/v1/registry/facilities/{fx}", only((*STAFF, "brand_a", "supplier_x"), others=404, public=401)),
    ("GET", "/api/v1/registry/facilities/{fe}", expect(404, public=401)),
    ("GET", "/admin/", expect(302)),
]

# Bodies for unsafe methods: valid enough that an allowed persona reaches the service.
BODIES: dict[tuple[str, str], Any] = {
    ("PATCH", "/api/v1/programs/{program}/rules"): {"changes": {"sla_resolve_days": 13}, "reason": "matrix"},
}


# Later domains add their routes in tests/<domain>/access_routes.py: ROUTES (same shape as
# MATRIX), optional BODIES, and placeholders(personas) -> {name: value} for their URL templates.
# Found by file name, so a new domain adds its routes without editing this module.
EXTRA_ROUTE_MODULES = sorted(
    f"tests.{path.parent.name}.access_routes" for path in Path(__file__).parent.glob("*/access_routes.py")
)


def _extra() -> tuple[list[tuple[str, str, dict[str, int]]], list[Any]]:
    rows: list[tuple[str, str, dict[str, int]]] = []
    modules = [importlib.import_module(name) for name in EXTRA_ROUTE_MODULES]
    for module in modules:
        rows += module.ROUTES
        BODIES.update(getattr(module, "BODIES", {}))
    return rows, modules


def _format(template: str, personas: Any, job: str = "", extra: dict[str, str] | None = None) -> str:
    return template.format(
        **(extra or {}),
        job=job,
        program=personas.program.slug,
        other_program=personas.other_program.slug,
        fx=personas.facility_x.public_id,
        fy=personas.facility_y.public_id,
        fe=personas.facility_elsewhere.public_id,
        brand_a_org=personas.brand_a.organisation.public_id,
    )


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_access_matrix(personas, client_as, persona):
    client = client_as(persona)
    job = ImportJob.objects.create(
        program=personas.program, filename="list.csv", sha256="0" * 64, status="done", created_at=timezone.now()
    )
    extra_rows, modules = _extra()
    extra: dict[str, str] = {}
    for module in modules:
        extra.update(module.placeholders(personas))
    failures = []
    for method, template, table in MATRIX + extra_rows:
        url = _format(template, personas, job.public_id, extra)
        body = BODIES.get((method, template))
        if method == "GET":
            response = client.get(url)
        elif body is not None:
            response = client.generic(method, url, data=json.dumps(body), content_type="application/json")
        else:
            response = client.generic(method, url, data="", content_type="application/x-www-form-urlencoded")
        # A POST of an empty form to an allowed page re-renders the form with errors (200).
        if response.status_code != table[persona]:
            failures.append(f"{method} {url}: expected {table[persona]}, got {response.status_code}")
    assert not failures, "\n".join(failures)
