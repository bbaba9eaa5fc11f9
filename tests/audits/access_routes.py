"""Access-matrix rows for this domain's pages and endpoints (joined by tests/test_access_matrix.py).

Placeholders: an audit of facility X (the auditor persona on its team), a finding there with one
CAP item per workflow step, a finding and an item at facility Y, and a roster entry awaiting the
worker organisation. Brand A buys from facility X only, brand B from Y only: each gets 404 at the
other's facility, everywhere; the public reaches only the public remediation page and endpoint.
"""

from __future__ import annotations

from typing import Any

from tests.access import STAFF, expect, only

ADMIN = ("council_admin",)
VIEWERS = STAFF  # AuditCapability.VIEW_ALL
MONITORS = ("council_admin", "investigator", "auditor")  # CAP_VERIFY
CAP_EDITORS = ("council_admin", "auditor")  # CAP_EDIT
RECORDERS = ("council_admin", "auditor")  # PERFORM or CAP_EDIT
EVERYONE = (*STAFF, "brand_a", "brand_b", "supplier_x", "supplier_y")  # a role in the program
AT_X = (*STAFF, "brand_a", "supplier_x")  # see facility X's items
AT_Y = (*STAFF, "brand_b", "supplier_y")
NOT_X = {"brand_b": 404, "supplier_y": 404}  # outside their scope: it does not exist for them
NOT_Y = {"brand_a": 404, "supplier_x": 404}
SUPPLIER_X = ("supplier_x",)
P = "/audits/{program}"
AUD = P + "/audits/{aud}"
CAPX = P + "/cap/{cap_x_progress}"
API = "/api/v1/audits"


def _staff_page(method: str, url: str, allowed: tuple[str, ...], ok: int = 200) -> tuple[str, str, dict[str, int]]:
    return (method, url, only(allowed, others=403, ok=ok))


ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/audits/public/{fx}/", expect(200)),
    ("GET", "/audits/public/fac_doesnotexist0000/", expect(404)),
    ("GET", P + "/", only(EVERYONE, others=403)),
    ("GET", "/audits/{other_program}/", expect(404, public=302)),
    _staff_page("GET", P + "/roster/", VIEWERS),
    _staff_page("GET", P + "/roster/new/", ADMIN),
    _staff_page("POST", P + "/roster/new/", ADMIN),
    _staff_page("GET", P + "/roster/{roster_pending}/decide/", ("worker_org_staff",)),
    _staff_page("POST", P + "/roster/{roster_pending}/decide/", ("worker_org_staff",)),
    _staff_page("GET", P + "/ties/", VIEWERS),
    _staff_page("GET", P + "/ties/new/", ADMIN),
    _staff_page("POST", P + "/ties/new/", ADMIN),
    _staff_page("GET", P + "/audits/", VIEWERS),
    _staff_page("GET", P + "/audits/new/", ADMIN),
    _staff_page("POST", P + "/audits/new/", ADMIN),
    ("GET", "/audits/{other_program}/audits/new/", expect(404, public=302)),
    _staff_page("GET", AUD + "/", VIEWERS),
    *[_staff_page(m, AUD + "/assign/", ADMIN) for m in ("GET", "POST")],
    *[_staff_page(m, AUD + "/cancel/", ADMIN) for m in ("GET", "POST")],
    *[
        _staff_page(m, AUD + suffix, ("auditor",))
        for suffix in ("/start/", "/fieldwork/", "/complete/", "/findings/new/")
        for m in ("GET", "POST")
    ],
    ("GET", "/audits/{other_program}/audits/{aud}/", expect(404, public=302)),
    *[_staff_page(m, P + "/findings/new/", RECORDERS) for m in ("GET", "POST")],
    ("GET", P + "/findings/{finding_x}/", only(AT_X, others=403, **NOT_X)),
    ("GET", P + "/findings/{finding_y}/", only(AT_Y, others=403, **NOT_Y)),
    *[
        (m, P + "/findings/{finding_x}/evidence/", only(RECORDERS, others=403, **NOT_X))
        for m in ("GET", "POST")
    ],
    *[(m, P + "/findings/{finding_x}/cap/new/", only(CAP_EDITORS, others=403, **NOT_X)) for m in ("GET", "POST")],
    ("GET", P + "/cap/", only(EVERYONE, others=403)),
    _staff_page("GET", P + "/cap/export.csv", VIEWERS),
    ("GET", P + "/cap/{cap_x_progress}/", only(AT_X, others=403, **NOT_X)),
    ("GET", P + "/cap/{cap_y}/", only(AT_Y, others=403, **NOT_Y)),
    ("GET", "/audits/{other_program}/cap/{cap_x_progress}/", expect(404, public=302)),
    *[(m, P + "/cap/{cap_x_drafted}/edit/", only(CAP_EDITORS, others=403, **NOT_X)) for m in ("GET", "POST")],
    ("POST", P + "/cap/{cap_x_drafted}/agree/", only(CAP_EDITORS, others=403, ok=302, **NOT_X)),
    ("POST", P + "/cap/{cap_x_agreed}/start/", only(("supplier_x",), others=403, ok=302, **NOT_X)),
    *[(m, CAPX + "/report/", only(("supplier_x",), others=403, **NOT_X)) for m in ("GET", "POST")],
    *[
        (m, P + "/cap/{cap_x_reported}" + suffix, only(MONITORS, others=403, **NOT_X))
        for suffix in ("/verify/", "/reopen/")
        for m in ("GET", "POST")
    ],
    ("GET", P + "/evidence/{evidence_finding}/", only(VIEWERS, others=404)),
    ("GET", P + "/evidence/{evidence_cap}/", only((*VIEWERS, "supplier_x"), others=404)),
    ("GET", P + "/facilities/{fx}/", only(AT_X, others=403, **NOT_X)),
    ("GET", P + "/facilities/{fy}/", only(AT_Y, others=403, **NOT_Y)),
    ("GET", P + "/facilities/{fe}/", only((), others=404, public=302)),
    ("GET", P + "/scorecards/", only(EVERYONE, others=403)),
    ("GET", P + "/scorecards/{fx}/", only(AT_X, others=403, **NOT_X)),
    ("GET", P + "/scorecards/{fy}/", only(AT_Y, others=403, **NOT_Y)),
    # API
    ("GET", API + "/public/facilities/{fx}", expect(200)),
    ("GET", API + "/cap?program={program}", only(EVERYONE, others=403, public=401)),
    ("GET", API + "/cap?program={other_program}", expect(404, public=401)),
    ("GET", API + "/cap?program={program}&facility={fy}", only(AT_Y, others=403, public=401, **NOT_Y)),
    ("GET", API + "/cap/{cap_x_progress}?program={program}", only(AT_X, others=403, public=401, **NOT_X)),
    ("GET", API + "/cap/{cap_y}?program={program}", only(AT_Y, others=403, public=401, **NOT_Y)),
    ("POST", API + "/cap/{cap_x_agreed2}/start?program={program}", only(SUPPLIER_X, others=403, public=401, **NOT_X)),
    ("POST", API + "/cap/{cap_x_reported2}/verify?program={program}", only(MONITORS, others=403, public=401, **NOT_X)),
    ("POST", API + "/cap/{cap_x_reported3}/reopen?program={program}", only(MONITORS, others=403, public=401, **NOT_X)),
    ("GET", API + "/findings?program={program}", only(EVERYONE, others=403, public=401)),
    ("GET", API + "/audits?program={program}", only(VIEWERS, others=403, public=401)),
    ("GET", API + "/facilities/{fx}/remediation?program={program}", only(AT_X, others=403, public=401, **NOT_X)),
]  # fmt: skip
BODIES: dict[tuple[str, str], Any] = {
    ("POST", API + "/cap/{cap_x_reported2}/verify?program={program}"): {"note": "matrix"},
    ("POST", API + "/cap/{cap_x_reported3}/reopen?program={program}"): {"reason": "matrix"},
    ("POST", API + "/cap/{cap_x_agreed2}/start?program={program}"): {},
}


def placeholders(personas: Any) -> dict[str, str]:
    from tests.audits.conftest import actor, item_in_state, record_finding, started_audit
    from tests.standards.conftest import build_code
    from wsr.accounts.models import Organisation
    from wsr.audits import services as s
    from wsr.demo.audits import demo_png

    build_code(personas)
    audit = started_audit(personas)
    finding_x = record_finding(personas, audit)
    finding_y = s.finding_record(
        actor=actor(personas.council_admin),
        program=personas.program,
        facility=personas.facility_y,
        source="inspection",
        provision_ref="3.1",
        observed_on=audit.performed_on,
        internal_text="Payslips lack hours (internal).",
        public_summary="Payslips did not show hours worked.",
    )
    evidence = s.finding_evidence_add(actor=actor(personas.council_admin), finding=finding_x, content=demo_png())
    reported = item_in_state(personas, finding_x, "reported_fixed")
    firm = Organisation.objects.create(name="Matrix Audit Firm", kind="audit_firm")
    pending = s.roster_propose(
        actor=actor(personas.council_admin), program=personas.program, name="Pat Pending", organisation=firm
    )
    return {
        "aud": audit.public_id,
        "finding_x": finding_x.public_id,
        "finding_y": finding_y.public_id,
        "cap_x_drafted": item_in_state(personas, finding_x, "drafted").public_id,
        "cap_x_agreed": item_in_state(personas, finding_x, "agreed").public_id,
        "cap_x_agreed2": item_in_state(personas, finding_x, "agreed").public_id,
        "cap_x_progress": item_in_state(personas, finding_x, "in_progress").public_id,
        "cap_x_reported": reported.public_id,
        "cap_x_reported2": item_in_state(personas, finding_x, "reported_fixed").public_id,
        "cap_x_reported3": item_in_state(personas, finding_x, "reported_fixed").public_id,
        "cap_y": item_in_state(personas, finding_y, "drafted").public_id,
        "evidence_finding": evidence.public_id,
        "evidence_cap": reported.evidence.get().public_id,
        "roster_pending": pending.public_id,
    }
