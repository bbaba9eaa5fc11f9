"""Access-matrix rows for this domain's pages and endpoints (joined by tests/test_access_matrix.py).

Drafts and proposals are staff-only: brands and suppliers (who hold roles in the program) get 403,
anonymous visitors are sent to sign in, and another program's staff get 404. The public Code page
and API show only the adopted version. Rows that change state come last and use their own version.
"""

from __future__ import annotations

from typing import Any

from tests.access import STAFF, expect, only
from tests.standards.conftest import build_code
from wsr.accounts.selectors import actor_for_user
from wsr.standards.services import code_version_create

EDITORS = ("council_admin", "worker_org_staff")  # EDIT_CODE and ADOPT_CODE
APPROVERS = ("worker_org_staff",)  # APPROVE_CODE: the worker organisation only

S = "/standards/{program}"
ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", f"{S}/", only(STAFF, others=403)),
    ("GET", f"{S}/v/{{code_draft}}/", only(STAFF, others=403)),
    ("GET", f"{S}/v/{{code_proposed}}/", only(STAFF, others=403)),
    ("GET", f"{S}/v/{{code_adopted}}/", only(STAFF, others=403)),
    ("GET", f"{S}/diff/", only(STAFF, others=403)),
    ("GET", f"{S}/diff/?from={{code_adopted}}&to={{code_draft}}", only(STAFF, others=403)),
    ("GET", f"{S}/v/{{code_draft}}/provisions/new/", only(EDITORS, others=403)),
    ("GET", f"{S}/v/{{code_draft}}/provisions/{{code_provision}}/", only(EDITORS, others=403)),
    ("GET", f"{S}/v/{{code_proposed}}/approve/", only(APPROVERS, others=403)),
    ("GET", f"{S}/v/{{code_approved}}/adopt/", only(EDITORS, others=403)),
    ("GET", "/standards/{other_program}/", expect(404, public=302)),
    ("GET", "/standards/{other_program}/v/{code_draft}/", expect(404, public=302)),
    ("GET", "/standards/{program}/v/nope/", only(STAFF, others=403, ok=404)),
    ("GET", "/p/{program}/code/", expect(200)),
    ("GET", "/p/{program}/code/?lang=es", expect(200)),
    ("GET", "/p/{other_program}/code/", expect(200)),  # says no Code is adopted yet
    ("GET", "/api/v1/public/programs/{program}/code?lang=ht", expect(200)),
    ("GET", "/api/v1/public/programs/{program}/code?lang=xx", expect(400)),
    ("GET", "/api/v1/public/programs/{other_program}/code", expect(404)),
    # state-changing rows: allowed actors are redirected back to the version (302)
    ("POST", f"{S}/new/", only(EDITORS, others=403, ok=302)),
    ("POST", f"{S}/v/{{code_adopted}}/new-draft/", only(EDITORS, others=403, ok=302)),
    # an empty provision form is re-rendered with its errors
    ("POST", f"{S}/v/{{code_draft}}/provisions/new/", only(EDITORS, others=403)),
    ("POST", f"{S}/v/{{code_proposed}}/approve/", only(APPROVERS, others=403, ok=302)),
    ("POST", f"{S}/v/{{code_proposed}}/withdraw/", only(EDITORS, others=403, ok=302)),
    ("POST", f"{S}/v/{{code_approved}}/adopt/", only(EDITORS, others=403, ok=302)),
    ("POST", f"{S}/v/{{code_draft}}/provisions/{{code_provision}}/remove/", only(EDITORS, others=403, ok=302)),
    ("POST", f"{S}/v/{{code_draft}}/propose/", only(EDITORS, others=403, ok=302)),
]
BODIES: dict[tuple[str, str], Any] = {}


def placeholders(personas: Any) -> dict[str, str]:
    adopted = build_code(personas, "adopted")
    draft = code_version_create(
        actor=actor_for_user(personas.council_admin), program=personas.program, based_on=adopted
    )
    return {
        "code_adopted": adopted.public_id,
        "code_draft": draft.public_id,
        "code_provision": draft.provisions.get(ref="1.1").public_id,
        "code_proposed": build_code(personas, "proposed").public_id,
        "code_approved": build_code(personas, "approved").public_id,
    }
